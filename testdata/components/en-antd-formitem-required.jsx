import { Form, Input, Checkbox, Button } from 'antd';

export default function SignUp() {
  return (
    <Form layout="vertical" lang="en">
      <h2>Create your account</h2>
      <Form.Item name="email" rules={[{ required: true }]}>
        <Input placeholder="Email" />
      </Form.Item>
      <Form.Item name="offers" valuePropName="checked" rules={[{ required: true, message: 'Please accept' }]}>
        <Checkbox>Send me offers and news by e-mail</Checkbox>
      </Form.Item>
      <Form.Item name="agreement" valuePropName="checked"
        rules={[{ validator: (_, value) => value ? Promise.resolve() : Promise.reject(new Error('Should accept agreement')) }]}>
        <Checkbox>I have read the agreement</Checkbox>
      </Form.Item>
      <Form.Item name="tips" valuePropName="checked">
        <Checkbox>Email me product tips (optional)</Checkbox>
      </Form.Item>
      <Form.Item name="sms" valuePropName="checked"
        rules={[{ validator: (_, value) => (value && !phone) ? Promise.reject(new Error('Enter a phone number')) : Promise.resolve() }]}>
        <Checkbox>Yes, send me offers by SMS (optional)</Checkbox>
      </Form.Item>
      <Form.Item name="topics" rules={[{ required: true, message: 'Pick one' }]}>
        <Checkbox.Group>
          <Checkbox value="news">Newsletter with offers</Checkbox>
          <Checkbox value="none">No newsletter, thanks</Checkbox>
        </Checkbox.Group>
      </Form.Item>
      <Button type="primary" htmlType="submit">Register</Button>
    </Form>
  );
}
