import { useState } from "react";

type Props = { onDone: () => void };

export default function Signup({ onDone }: Props) {
  const [offers, setOffers] = useState<boolean>(true);
  const [remember, setRemember] = useState(true);
  return (
    <form onSubmit={(e) => { e.preventDefault(); onDone(); }}>
      <h2>Create your account</h2>
      <label htmlFor="email">E-mail</label>
      <input id="email" type="email" name="email" required />
      <label><input type="checkbox" name="newsletter" defaultChecked /> Yes, send me offers and news from our partners</label>
      <label>
        <input type="checkbox" name="sms" checked={offers} onChange={() => setOffers(!offers)} />
        Send me SMS offers and discount codes
      </label>
      <input type="checkbox" id="share" defaultChecked={true} />
      <label htmlFor="share">Share my e-mail address with selected partners for their marketing</label>
      {/* a remembered login is not consent */}
      <label><input type="checkbox" name="remember" checked={remember} onChange={() => setRemember(!remember)} /> Remember me</label>
      <button type="submit">Sign up</button>
    </form>
  );
}
