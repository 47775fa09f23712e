<%@ Control Language="C#" AutoEventWireup="true" CodeFile="Tilmeld.ascx.cs" Inherits="Tilmeld" %>
<div lang="da">
  <h3><asp:Label ID="lblTitle" runat="server" Text="Deltag i konkurrencen"></asp:Label></h3>
  <asp:TextBox ID="txtEmail" runat="server"></asp:TextBox>
  <div><asp:CheckBox ID="cbNyhedsbrev" runat="server" Text="Ja tak, send mig nyhedsbrevet med gode tilbud" Checked="true" /></div>
  <div><asp:CheckBox ID="cbPartnere" runat="server" Text="Ja tak til tilbud fra vores samarbejdspartnere" Checked="false" /></div>
  <div><asp:CheckBox ID="cbSms" runat="server" Text="Send mig tilbud på sms" Checked="<%# Eval("Sms") %>" /></div>
  <p>Du kan altid afmelde dig nyhedsbrevet via linket i bunden af hver e-mail.</p>
</div>
