# language: sv
@arbetsflöde:nationellt-kunskapsstod @R3 @R4
Egenskap: Svar på remissen, och sammanställda svar uppåt i kedjan (R3, R4)
  Varje organisation svarar på remissen eller avstår med en motivering. Ett sent
  svar tas emot men markeras som sent. Den som har organisationer under sig
  sammanställer deras svar och skickar det vidare först när alla har svarat eller
  avstått – eller med en motivering som historiken sparar, och som namnger dem
  som inte svarade. När svaret har gått vidare tas inga fler svar emot underifrån.

  Bakgrund:
    Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31

  Regel: En organisation svarar eller avstår (R3)

    Scenario: En kommun svarar i tid
      Givet att det är den 2027-02-15
      När Bo Lund lämnar remissvar för Borlänge med diarienummer "KS 2027/12"
      Så står Borlänge i läget "Remissvar lämnat"
      Och är svaret från Borlänge inte markerat som sent

    Scenario: En arbetsgrupp avstår med en motivering
      När Lisa Sjö avstår från att svara för LAG psykisk hälsa vuxna Dalarna med motiveringen "Inget att tillägga"
      Så står LAG psykisk hälsa vuxna Dalarna i läget "Avstått från att svara"

    Scenario: Ett sent svar tas emot men markeras som sent
      Givet att det är den 2027-03-03
      När Bo Lund lämnar remissvar för Borlänge med diarienummer "KS 2027/40"
      Så står Borlänge i läget "Remissvar lämnat"
      Och är svaret från Borlänge markerat som sent

    Scenario: När LPO har skickat sitt sammanställda svar tas inga fler svar emot
      Givet att Sara Ek har skickat det sammanställda svaret för LPO psykisk hälsa Dalarna utan att alla svarat, med motiveringen "Tiden är ute"
      När Bo Lund försöker "Lämna remissvar" för Borlänge
      Så nekas steget med ett besked som nämner "LPO psykisk hälsa Dalarna"
      Och står Borlänge kvar i läget "På remiss"

  Regel: Ett sammanställt svar väntar på alla under (R4)

    Scenario: LPO kan inte skicka sitt svar innan alla under har svarat
      Givet att Bo Lund har lämnat remissvar för Borlänge
      När Sara Ek försöker skicka det sammanställda svaret för LPO psykisk hälsa Dalarna
      Så nekas steget med ett besked som nämner "Falun"
      Och står LPO psykisk hälsa Dalarna kvar i läget "På remiss"

    Scenario: En kommun med verksamheter väntar på sina verksamheter
      När Anna Andersson försöker "Lämna remissvar" för Falun
      Så nekas steget med ett besked som nämner "Elevhälsan Falun"

    Scenario: LPO skickar sitt svar när alla under har svarat eller avstått
      Givet att alla under LPO psykisk hälsa Dalarna har svarat
      När Sara Ek skickar det sammanställda svaret för LPO psykisk hälsa Dalarna
      Så står LPO psykisk hälsa Dalarna i läget "Remissvar lämnat"

    Scenario: LPO skickar utan alla svar, och historiken namnger dem som saknades
      Givet att Bo Lund har lämnat remissvar för Borlänge
      När Sara Ek skickar det sammanställda svaret för LPO psykisk hälsa Dalarna utan att alla svarat, med motiveringen "Tiden är ute"
      Så står LPO psykisk hälsa Dalarna i läget "Remissvar lämnat"
      Och visar historiken för LPO psykisk hälsa Dalarna att svaret skickades utan Falun och Region Dalarna
      Och visar historiken för LPO psykisk hälsa Dalarna motiveringen "Tiden är ute"

    Scenario: Utan motivering går det inte att skicka svaret utan alla
      När Sara Ek försöker skicka det sammanställda svaret för LPO psykisk hälsa Dalarna utan att alla svarat
      Så nekas steget med ett besked som nämner "som säger varför det samlade remissvaret lämnas utan dem"
      Och står LPO psykisk hälsa Dalarna kvar i läget "På remiss"

    Scenario: Remissen stängs när NPO har sammanställt svaren från alla RPO
      Givet att remissen av "PSVF ADHD" har sammanställts hela vägen upp till RPO
      När Nora Lind skickar det sammanställda svaret för NPO psykisk hälsa
      Så står NPO psykisk hälsa i läget "Inväntar fastställande"
      Och står Falun, Borlänge och RPO psykisk hälsa Mellansverige i läget "Inväntar fastställande"
