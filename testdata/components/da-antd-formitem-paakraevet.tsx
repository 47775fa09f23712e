import { Form, Input, Checkbox, Button } from 'antd';

export default function Opret() {
  return (
    <Form layout="vertical" lang="da">
      <h2>Bliv medlem af kundeklubben</h2>
      <Form.Item name="email" rules={[{ required: true, message: 'Indtast e-mail' }]}>
        <Input placeholder="E-mail" />
      </Form.Item>
      <Form.Item name="password" rules={[{ required: true }]}>
        <Input.Password placeholder="Adgangskode" />
      </Form.Item>
      <Form.Item
        name="markedsfoering"
        valuePropName="checked"
        rules={[{ validator: async (_, checked) => { if (!checked) { return Promise.reject(new Error('Påkrævet')); } } }]}
      >
        <Checkbox>Ja, jeg vil gerne modtage markedsføring fra Eksempel på e-mail og sms</Checkbox>
      </Form.Item>
      <Form.Item name="partnere" valuePropName="checked">
        <Checkbox>Ja tak til tilbud fra vores samarbejdspartnere</Checkbox>
      </Form.Item>
      <Form.Item name="vilkaar" valuePropName="checked" rules={[{ required: true, message: 'Accepter vilkårene' }]}>
        <Checkbox>Jeg accepterer medlemsbetingelserne</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit">Opret konto</Button>
    </Form>
  );
}
