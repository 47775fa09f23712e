<%@ Control Language="C#" AutoEventWireup="true" CodeFile="Konkurrence.ascx.cs" Inherits="Konkurrence" %>
<div lang="da">
  <h3><asp:Label ID="lblTitle" runat="server" Text="Vind et gavekort"></asp:Label></h3>
  <div><asp:Label ID="lblNavn" runat="server" Text="Fornavn"></asp:Label> <asp:TextBox ID="txtNavn" runat="server"></asp:TextBox></div>
  <div><h4><asp:Label ID="lblNyhed" runat="server" Text="Ønsker du fremover at modtage nyhedsbrev fra"></asp:Label></h4></div>
  <div><asp:CheckBox ID="cbButik" runat="server" Text="Eksempel Butik" />
  <asp:CheckBox ID="cbRejser" runat="server" Text="Eksempel Rejser" /></div>
  <div><asp:CheckBox ID="cbVilkaar" runat="server" Text="Jeg har læst konkurrencebetingelserne" /></div>
</div>
