# language: sv
@arbetsflöde:arlig-uppfoljning @R14
Egenskap: Länets årliga uppföljningsrunda med frågor per insatsområde (R14)
  Värmland följer upp sin plan för god psykisk hälsa varje år (seed 002): i slutet
  av året besvarar kontaktpersonerna hos länets huvudmän en enkät med
  uppföljningsfrågor per insatsområde, svaren sammanställs i januari och
  sammanställningen blir underlag till rapporteringen till SKR. Uppföljningen,
  dess frågor och dess datum står i en fil, inte i programmet; LPO:n äger rundan.

  Bakgrund:
    Givet att LPO psykisk hälsa Värmland följer upp länets plan med enkäten ute 12-01, svar senast 01-15 och sammanställning senast 01-31
    Och att Arvika är en kommun under LPO psykisk hälsa Värmland med Viktor Jansson som kontaktperson
    Och att Region Värmland är en region under LPO psykisk hälsa Värmland med Rakel Vik som kontaktperson

  Regel: Rundan öppnar på sin dag för länets huvudmän

    Scenario: Före den 1 december öppnas ingen runda
      När det blir 2027-11-30 och påminnelserna går ut
      Så har uppföljningsrundan 2027 inte öppnats

    Scenario: Den 1 december öppnas rundan för länets region och kommuner, en gång
      När det blir 2027-12-01 och påminnelserna går ut
      Och det blir 2027-12-02 och påminnelserna går ut
      Så har uppföljningsrundan 2027 öppnats en gång, för Region Värmland, Karlstad och Arvika
      Och ska svaren vara inne senast 2028-01-14, sista arbetsdagen före den 15 januari

    Scenario: Kontaktpersonerna får frågorna den dag rundan öppnar, en gång
      När det blir 2027-12-01 och påminnelserna går ut
      Och det blir 2027-12-02 och påminnelserna går ut
      Så har Viktor Jansson fått ett besked om att uppföljningsrundan 2027 har öppnat för Arvika, med frågorna
      Och har Karl Strand fått ett besked om att uppföljningsrundan 2027 har öppnat för Karlstad, med frågorna

  Regel: Ett svar prövas mot frågorna

    Scenario: Karlstad besvarar rundan
      Givet att uppföljningsrundan 2027 har öppnats
      När Karl Strand besvarar rundan för Karlstad med kompetens_plan=ja, tidig_rutin=4
      Så har Karlstad besvarat rundan
      Och visar historiken för Karlstad svaret 4 på tidig_rutin

    Scenario: Ett svar av fel slag avvisas och ingenting ändras
      Givet att uppföljningsrundan 2027 har öppnats
      När Karl Strand försöker besvara rundan för Karlstad med kompetens_plan=kanske, tidig_rutin=4
      Så nekas det med ett besked som nämner "besvaras med ja eller nej"
      Och har ingenting nytt skrivits i historiken för Karlstad
      Och har Karlstad inte besvarat rundan

  Regel: Den som inte har svarat påminns, den som har svarat inte

    Scenario: Arvika har inte svarat och påminns i januari
      Givet att uppföljningsrundan 2027 har öppnats
      Och att Karl Strand har besvarat rundan för Karlstad
      När det blir 2028-01-10 och påminnelserna går ut
      Så får Viktor Jansson en påminnelse om Arvika
      Och får Karl Strand ingen påminnelse om Karlstad

  Regel: Sammanställningen stänger rundan för fler svar

    Scenario: Före svarsdagen väntar sammanställningen på alla
      Givet att uppföljningsrundan 2027 har öppnats
      Och att Karl Strand har besvarat rundan för Karlstad
      Och att det är den 2028-01-10
      När Vera Holm försöker sammanställa rundan
      Så nekas det med ett besked som nämner "efter svarsdagen 2028-01-14"
      Och står Arvika kvar i läget "Uppföljning pågår"

    Scenario: Efter svarsdagen sammanställs rundan utan dem som inte svarade
      Givet att uppföljningsrundan 2027 har öppnats
      Och att Karl Strand har besvarat rundan för Karlstad
      Och att det är den 2028-01-20
      När Vera Holm sammanställer rundan med diarienummer "LPO-V 2028/3"
      Så står Karlstad i läget "Uppföljningen sammanställd"
      Och står Arvika och Region Värmland i läget "Uppföljningen besvarades inte"
      När Viktor Jansson försöker besvara rundan för Arvika med kompetens_plan=ja, tidig_rutin=3
      Så nekas det med ett besked som nämner "Uppföljningen besvarades inte"

  Regel: Årsrapporten visar svarsfrekvensen och svaren

    Scenario: Rapporten räknar svaren per kommun och region
      Givet att uppföljningsrundan 2027 har öppnats
      Och att Karl Strand har besvarat rundan för Karlstad
      Och att det är den 2028-01-20
      Och att Vera Holm har sammanställt rundan
      Så visar årsrapporten att 1 av 2 kommuner har svarat (50 %)
      Och visar årsrapporten att 0 av 1 region har svarat (0 %)
      Och visar årsrapporten att 1 av 3 huvudmän har svarat (33 %)
      Och visar årsrapporten medelvärdet 4 för tidig_rutin
