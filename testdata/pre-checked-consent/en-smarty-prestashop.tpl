<form action="{$link->getPageLink('authentication', true)|escape:'html'}" method="post" id="account-creation_form">
  <p class="checkbox">
    <input type="checkbox" name="newsletter" id="newsletter" value="1" {if isset($smarty.post.newsletter) && $smarty.post.newsletter == '1'}checked="checked"{/if} />
    <label for="newsletter">{l s='Sign up for our newsletter!'}</label>
  </p>
  <p class="checkbox">
    <input type="checkbox" name="optin" id="optin" value="1" checked="checked" />
    <label for="optin">{l s='Receive special offers from our partners!'}</label>
  </p>
  <p>{l s='You can unsubscribe at any time from the link in every e-mail.'}</p>
</form>
