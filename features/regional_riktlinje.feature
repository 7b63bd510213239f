# language: sv
@arbetsflöde:regional-riktlinje @R15
Egenskap: Revision och införande av en regional riktlinje: SIP i Dalarna (R15)
  Länschefsnätverket gav RSS i uppdrag att revidera SIP-riktlinjen och fick
  mandat att sätta samman en arbetsgrupp, där en representant från skolan eller
  elevhälsan bör ingå. Arbetsgruppens förslag går på remiss till länets
  huvudmän, Länschefsnätverket beslutar, och huvudmännen inför riktlinjen.
  Att skolan saknas i arbetsgruppen är en varning, inget hinder.

  Bakgrund:
    Givet att Länschefsnätverket Dalarna har gett uppdraget att revidera "SIP-riktlinje Dalarna"

  Regel: Arbetsgruppen bör ha en representant från skolan eller elevhälsan

    Scenario: En arbetsgrupp utan skola eller elevhälsa godtas, med en varning
      När Greta Lund utser arbetsgruppen "Psykiatrin, Region Dalarna; Socialtjänsten, Falun"
      Så står Länschefsnätverket Dalarna i läget "Arbetsgrupp utsedd"
      Och varnas det för att skolan eller elevhälsan saknas
      Och står varningen i historiken för Länschefsnätverket Dalarna

    Scenario: En arbetsgrupp med elevhälsan godtas utan varning
      När Greta Lund utser arbetsgruppen "Psykiatrin, Region Dalarna; Elevhälsan, Borlänge"
      Så står Länschefsnätverket Dalarna i läget "Arbetsgrupp utsedd"
      Och varnas det inte

  Regel: Förslaget går på remiss till länets huvudmän, beslutas av länets beslutsorgan och införs

    Scenario: Hela vägen från förslag till införande
      Givet att Greta Lund har utsett arbetsgruppen "RSS Dalarna; Elevhälsan, Borlänge"
      När Greta Lund lämnar förslaget "SIP-riktlinje, förslag 2"
      Och Greta Lund skickar förslaget på remiss till länets huvudmän med svar senast 2027-04-30
      Så har remissen nått Region Dalarna, Falun och Borlänge
      Och har remissen inte nått Karlstad och Elevhälsan Falun
      När Region Dalarna, Falun och Borlänge har svarat på remissen
      Och Greta Lund beslutar om riktlinjen med beslutet "Länschefsnätverket 2027-05-20"
      Så står Region Dalarna, Falun och Borlänge i läget "Införande pågår"
      När Anna Andersson rapporterar att riktlinjen är införd i Falun
      Så står Falun i läget "Infört"

    Scenario: Beslutet väntar på svar från alla huvudmän
      Givet att förslaget "SIP-riktlinje, förslag 2" är på remiss hos länets huvudmän
      Och att Falun har svarat på remissen
      När Greta Lund försöker besluta om riktlinjen med beslutet "Länschefsnätverket 2027-05-20"
      Så nekas steget med ett besked som nämner "Borlänge"
      Och står Länschefsnätverket Dalarna kvar i läget "På remiss"

    Scenario: Bara beslutsorganets ordförande beslutar
      Givet att förslaget "SIP-riktlinje, förslag 2" är på remiss hos länets huvudmän
      Och att Region Dalarna, Falun och Borlänge har svarat på remissen
      När Sara Ek försöker besluta om riktlinjen med beslutet "LPO 2027:9"
      Så nekas steget med ett besked som nämner "ordförande vid Länschefsnätverket Dalarna"
