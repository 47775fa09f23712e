import React, { useState } from "react";

// A hook and a form whose boxes start unticked: nothing to report.
function useNewsletter() {
  const [subscribed, setSubscribed] = useState(false);
  return { subscribed, setSubscribed };
}

export default function Newsletter() {
  const { subscribed, setSubscribed } = useNewsletter();
  const [keepSignedIn, setKeepSignedIn] = useState(true);
  return (
    <>
      <h3>Stay in touch</h3>
      <label>
        <input type="checkbox" name="newsletter" /> Send me the monthly newsletter with offers
      </label>
      <label>
        <input type="checkbox" name="partners" defaultChecked={false} /> Share my details with partners for marketing
      </label>
      <label>
        <input type="checkbox" name="keep" checked={keepSignedIn} onChange={() => setKeepSignedIn(!keepSignedIn)} /> Keep me signed in
      </label>
      {subscribed ? <p>Thanks for subscribing!</p> : null}
    </>
  );
}
