<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="Signup.aspx.cs" Inherits="Shop.Signup" %>
<html lang="en"><body>
<form id="form1" runat="server">
  <h2><asp:Label ID="lblTitle" runat="server" Text="Create your account"></asp:Label></h2>
  <asp:TextBox ID="txtEmail" runat="server" TextMode="Email"></asp:TextBox>
  <div><asp:CheckBox ID="chkOffers" runat="server" Text="Email me offers and news about new products" Checked="True" /></div>
  <div><asp:CheckBox ID="chkPartners" runat="server" Text="Share my details with partners for their marketing" Checked="false" /></div>
  <div><asp:CheckBox ID="chkRemember" runat="server" Text="Remember me" Checked="true" /></div>
  <p>You can unsubscribe at any time from the link in every e-mail.</p>
</form>
</body></html>
