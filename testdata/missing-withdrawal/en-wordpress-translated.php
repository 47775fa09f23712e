<?php
/* Template part: newsletter box of the checkout form */
?>
<div class="checkout-optin" lang="en">
  <h3><?php esc_html_e( 'Almost done', 'shop' ); ?></h3>
  <label for="optin">
    <input type="checkbox" id="optin" name="optin" value="1" />
    <?php _e( 'Yes, send me the newsletter with offers and news', 'shop' ); ?>
  </label>
  <label for="terms">
    <input type="checkbox" id="terms" name="terms" value="1" required />
    <?php echo __( 'I accept the terms of sale', 'shop' ); ?>
  </label>
  <p><?php echo esc_html__( 'checkout.footer_note', 'shop' ); ?></p>
</div>
