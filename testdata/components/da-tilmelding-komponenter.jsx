import { Checkbox } from "@/components/ui/checkbox";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";
import * as CheckboxPrimitive from "@radix-ui/react-checkbox";
import { FormControlLabel, Checkbox as MuiCheckbox } from "@mui/material";

export function Tilmelding() {
  return (
    <section lang="da">
      <h2>Opret konto</h2>
      <div className="flex items-center gap-2">
        <Checkbox id="nyhedsbrev" defaultChecked />
        <Label htmlFor="nyhedsbrev">Ja tak, send mig nyhedsbrevet med tilbud</Label>
      </div>
      <div className="flex items-center gap-2">
        <Switch id="partnere" defaultChecked />
        <Label htmlFor="partnere">Del mine oplysninger med vores samarbejdspartnere til markedsføring</Label>
      </div>
      <CheckboxPrimitive.Root id="sms" defaultChecked={true}>
        <CheckboxPrimitive.Indicator />
      </CheckboxPrimitive.Root>
      <label htmlFor="sms">Send mig SMS med kampagner og rabatkoder</label>
      <FormControlLabel control={<MuiCheckbox defaultChecked />} label="Jeg giver samtykke til at modtage markedsføring på e-mail" />
      <FormControlLabel control={<MuiCheckbox />} label="Send mig også tilbud fra vores partnere" />
      <FormControlLabel control={<MuiCheckbox defaultChecked />} label="Husk mig" />
    </section>
  );
}
