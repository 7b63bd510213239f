# language: sv
@arbetsflöde:nationellt-kunskapsstod @R18
Egenskap: Flera programområden i samma databas (R18)
  I sex programområden samverkar regioner och kommuner: psykisk hälsa, barn och
  ungdomars hälsa, äldres hälsa, rehabilitering, habilitering och
  försäkringsmedicin, levnadsvanor och primärvårdsråd. Vart och ett har sitt NPO,
  ett RPO i varje sjukvårdsregion och ett LPO i varje region. Regionen och
  kommunerna i ett län hör till länets LPO i vart och ett av programområdena. Ett
  kunskapsstöd hör till ett programområde och går genom just det områdets kedja.
  En person kan ha roller i flera programområden.

  Bakgrund:
    Givet att programområdet äldres hälsa har NPO äldres hälsa, RPO äldres hälsa Mellansverige och LPO äldres hälsa Dalarna
    Och att Region Dalarna, Falun och Borlänge också hör till LPO äldres hälsa Dalarna

  Regel: Ett kunskapsstöd går genom sitt eget programområdes kedja

    Scenario: Ett kunskapsstöd i äldres hälsa når Falu kommun genom LPO äldres hälsa Dalarna
      Givet att NPO äldres hälsa har tagit fram "VIP Fallprevention"
      När NPO äldres hälsa skickar "VIP Fallprevention" på remiss med svar senast 2027-03-31
      Så hör "VIP Fallprevention" till programområdet äldres hälsa
      Och har remissen nått RPO äldres hälsa Mellansverige, LPO äldres hälsa Dalarna, Region Dalarna, Falun och Elevhälsan Falun
      Och svarar Falun till LPO äldres hälsa Dalarna
      Och svarar Elevhälsan Falun till Falun
      Och har remissen inte nått LPO psykisk hälsa Dalarna, LAG psykisk hälsa vuxna Dalarna och Karlstad

    Scenario: Ett kunskapsstöd i psykisk hälsa går inte genom äldres hälsa
      Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31
      Så hör "PSVF ADHD" till programområdet psykisk hälsa
      Och svarar Falun till LPO psykisk hälsa Dalarna
      Och har remissen inte nått RPO äldres hälsa Mellansverige och LPO äldres hälsa Dalarna

  Regel: En person kan ha roller i flera programområden, och varje roll gäller sitt område

    Scenario: Samma sekreterare för psykisk hälsa och äldres hälsa i Dalarna tar Borlänges steg i båda
      Givet att Sara Ek också är sekreterare i LPO äldres hälsa Dalarna
      Och att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31
      Och att NPO äldres hälsa har skickat "VIP Fallprevention" på remiss med svar senast 2027-03-31
      Så väntar "PSVF ADHD" och "VIP Fallprevention" på Sara Ek för Borlänge
      När Sara Ek lämnar remissvar på "VIP Fallprevention" för Borlänge
      Och Sara Ek lämnar remissvar på "PSVF ADHD" för Borlänge
      Så har Borlänge svarat på både "PSVF ADHD" och "VIP Fallprevention"

    Scenario: En sekreterare i äldres hälsa tar inte Borlänges steg i psykisk hälsa
      Givet att Åsa Nord är sekreterare i LPO äldres hälsa Dalarna
      Och att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31
      Och att NPO äldres hälsa har skickat "VIP Fallprevention" på remiss med svar senast 2027-03-31
      Så väntar "VIP Fallprevention" på Åsa Nord för Borlänge
      När Åsa Nord lämnar remissvar på "VIP Fallprevention" för Borlänge
      Så har Borlänge svarat på "VIP Fallprevention"
      När Åsa Nord försöker lämna remissvar på "PSVF ADHD" för Borlänge
      Så nekas steget med ett besked som nämner "sekreterare vid LPO psykisk hälsa Dalarna"

  Regel: Listorna visar ett programområde i taget när man ber om det

    Scenario: Status, kunskapsstöd och LPO:er för ett programområde
      Givet att NPO psykisk hälsa har skickat "PSVF ADHD" på remiss med svar senast 2027-03-31
      Och att NPO äldres hälsa har skickat "VIP Fallprevention" på remiss med svar senast 2027-03-31
      Så visar status för programområdet äldres hälsa bara "VIP Fallprevention"
      Och visar listan över kunskapsstöd för programområdet psykisk hälsa bara "PSVF ADHD"
      Och visar listan över LPO:er för programområdet äldres hälsa bara LPO äldres hälsa Dalarna

    Scenario: Ett programområde som inte finns nekas med dem som finns
      När någon frågar efter status för programområdet "hjärta och kärl"
      Så nekas det med ett besked som nämner "NPO äldres hälsa"
