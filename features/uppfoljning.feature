# language: sv
@arbetsflöde:arlig-uppfoljning @R14
Egenskap: Årlig uppföljning av implementeringen (R14)
  I slutet av varje år går en uppföljning till kontaktpersonerna hos de huvudmän
  som inför ett kunskapsstöd, och svaren sammanställs i januari. Vilken dag
  rundan öppnar och när den ska vara besvarad står i arbetsflödet för
  uppföljningen, inte i programmet. Rundan har en egen påminnelsetrappa.

  Bakgrund:
    Givet att LPO psykisk hälsa Dalarna har beslutat om "PSVF ADHD" med målnivå 3 för Region Dalarna
    Och att Anna Andersson har slutfört GAP-analysen för Falun

  Regel: Rundan öppnar på den utsatta dagen för dem som inför kunskapsstödet

    Scenario: Före den 1 december öppnas ingen runda
      När det blir 2027-11-30 och påminnelserna går ut
      Så har ingen uppföljning av "PSVF ADHD" öppnats

    Scenario: Den 1 december öppnas rundan, med svar i slutet av januari
      När det blir 2027-12-01 och påminnelserna går ut
      Så har uppföljningen 2027 av "PSVF ADHD" öppnats för Falun
      Och ska Falun besvara uppföljningen senast 2028-01-31
      Och har uppföljningen 2027 inte öppnats för Borlänge och Region Dalarna

    Scenario: Rundan öppnas en gång, hur många gånger påminnelserna än går ut
      När det blir 2027-12-01 och påminnelserna går ut
      Och det blir 2027-12-02 och påminnelserna går ut
      Så har uppföljningen 2027 av "PSVF ADHD" öppnats för Falun, en gång

  Regel: Rundan har en egen trappa

    Scenario: Kontaktpersonen påminns i januari
      Givet att uppföljningen 2027 av "PSVF ADHD" har öppnats
      När det blir 2028-01-17 och påminnelserna går ut
      Så får Anna Andersson en påminnelse om Falun

    Scenario: Den som har besvarat uppföljningen påminns inte
      Givet att uppföljningen 2027 av "PSVF ADHD" har öppnats
      Och att Anna Andersson har besvarat uppföljningen för Falun
      När det blir 2028-01-17 och påminnelserna går ut
      Så får Anna Andersson ingenting om Falun
