"""The note check on notes as advisors write them (fi, sv, en, ar, so, ru): what must be refused, what must pass.

Every must-refuse text names the kind of personal data the advisor is told about; every must-pass text is kept
exactly as typed. The texts marked "issue 17" are the ones the issue found getting through or wrongly refused.
A property test then inserts zero-width characters, dashes and spaces into the refused texts: still refused.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import PersonalDataInNote
from app.notecheck import check_note, personal_data_kinds

ID, PHONE, EMAIL, BIRTH, STREET = "identity-code", "phone", "email", "birth-date", "street-address"

MUST_REFUSE: list[tuple[str, str]] = [
    # -- identity codes, issue 17 ----------------------------------------------------------------------------------
    ("Asiakas 131052 308T kysyi asumistuesta", ID),
    ("hetu 131052 - 308T", ID),
    ("131052308T", ID),
    ("tunnus 1310 52-308T", ID),
    ("131052-308 T toimeentulotuki", ID),
    ("asiakkaan tunnus 131052\u2013308T", ID),  # en dash
    ("tunnus 131052\u2010308T", ID),  # U+2010 hyphen
    ("tunnus 131052\u2212308T", ID),  # U+2212 minus
    ("tunnus 131052\u200b-308T", ID),  # zero-width space before the sign
    ("asiakas131052-308T", ID),
    ("syntymäaika ja loput 13.10.52-308T", ID),
    ("131052-308U kysyi Kelasta", ID),  # a wrong check character: a mistyped code is still a code
    # -- identity codes, as typed in each language ------------------------------------------------------------------
    ("Asiakas 131052-308T kysyi asumistuesta", ID),
    ("henkilötunnus 150306A123L, lapsen päivähoito", ID),
    ("hetu: 150306a123l", ID),
    ("väliaikainen tunnus 010594Y9032", ID),
    ("tunnus 020502B456J lapselle", ID),
    ("150306 A 123 L", ID),
    ("hetu 131052-308", ID),  # the check character left out
    ("hetu ١٣١٠٥٢-٣٠٨T", ID),  # Arabic-Indic digits
    ("personbeteckning 131052-308T", ID),
    ("pb 131052 308T, frågade om bostadsbidrag", ID),
    ("Kunden gav sin personbeteckning 131052\u2010308T", ID),
    ("personnummer 150306A123L för barnet", ID),
    ("ID code 131052-308T, asked about housing allowance", ID),
    ("PIC: 131052 308 T", ID),
    ("client's personal id 131052\u2013308T", ID),
    ("id 010594Y123W needs daycare", ID),
    ("رقم الهوية 131052-308T", ID),
    ("الهوية الشخصية: ١٣١٠٥٢-٣٠٨T", ID),
    ("سأل عن الإعانة، الرقم 150306A123L", ID),
    ("Lambarka aqoonsiga 131052-308T", ID),
    ("aqoonsi 150306A123L, caruurta xanaanada", ID),
    ("hetu-ga 131052 308T", ID),
    ("личный код 131052-308T", ID),
    ("henkilötunnus клиента 131052 308T", ID),
    ("код 131052-308Т (кириллицей)", ID),
    ("личный код ребёнка 150306A123L", ID),
    # -- phone numbers, issue 17 ------------------------------------------------------------------------------------
    ("numero 40 1234567", PHONE),
    ("soita 040 123 4567a", PHONE),
    ("nolla neljä nolla yksi kaksi kolme neljä viisi kuusi seitsemän", PHONE),
    ("puh nolla neljä nolla, yksi kaksi kolme, neljä viisi kuusi seitsemän", PHONE),
    # -- phone numbers ----------------------------------------------------------------------------------------------
    ("soita takaisin 040 123 4567", PHONE),
    ("puh. 0401234567", PHONE),
    ("p. 050-123 45 67", PHONE),
    ("gsm +358 40 123 4567", PHONE),
    ("vaimon numero 044 987 6543", PHONE),
    ("kotipuhelin 09 876 5432", PHONE),
    ("045-123 4567 iltaisin", PHONE),
    ("nollaneljänolla 123 4567", PHONE),
    ("soitto klo 10-12 numeroon 040 123 4567", PHONE),
    ("ring 040 123 4567", PHONE),
    ("tel. 050 123 45 67", PHONE),
    ("mobil +358 50 1234567", PHONE),
    ("nummer: 044-987 65 43", PHONE),
    ("noll fyra noll ett två tre fyra fem sex sju", PHONE),
    ("call back on 040 123 4567", PHONE),
    ("phone +358401234567", PHONE),
    ("her number is 0401234567", PHONE),
    ("mobile 050 1234567, after 4 pm", PHONE),
    ("zero four zero one two three four five six seven", PHONE),
    ("Swedish number +46 70 123 45 67", PHONE),
    ("phone (09) 876 5432", PHONE),
    ("رقم الهاتف ٠٤٠١٢٣٤٥٦٧", PHONE),
    ("هاتف 040 123 4567", PHONE),
    ("اتصل على +358 40 1234567", PHONE),
    ("رقم زوجها ٠٤٤ ٩٨٧ ٦٥٤٣", PHONE),
    ("taleefanka 040 123 4567", PHONE),
    ("lambarka 0401234567", PHONE),
    ("wac 050 123 4567 galabta", PHONE),
    ("telefoonka hooyada +358 44 987 6543", PHONE),
    ("телефон 040 123 4567", PHONE),
    ("тел. +358 40 123-45-67", PHONE),
    ("номер 0401234567", PHONE),
    ("ноль четыре ноль один два три четыре пять шесть семь", PHONE),
    # -- e-mail addresses, issue 17 ---------------------------------------------------------------------------------
    ("name @ example.fi", EMAIL),
    ("name@ example.fi", EMAIL),
    ("name@example . fi", EMAIL),
    ("name at example dot fi", EMAIL),
    ("name(at)example.fi", EMAIL),
    ("name [at] example [dot] fi", EMAIL),
    ("name(a)example.fi", EMAIL),
    ("name[@]example.fi", EMAIL),
    ("name\uff20example.fi", EMAIL),  # fullwidth at sign
    ("näme@exämple.fi", EMAIL),
    ("name@example", EMAIL),
    ("name@[127.0.0.1]", EMAIL),
    ("name#example.fi", EMAIL),
    ("name@example,fi", EMAIL),
    ("name@exam\u200bple.fi", EMAIL),  # zero-width space in the domain
    ("n a m e @ e x a m p l e . f i", EMAIL),  # letter-spaced
    # -- e-mail addresses -------------------------------------------------------------------------------------------
    ("sähköposti aino.virtanen@example.fi", EMAIL),
    ("sposti: aino piste virtanen miukumauku example piste fi", EMAIL),
    ("s-posti matti.m at gmail.com", EMAIL),
    ("lähetä ohjeet: aino.virtanen (at) example.fi", EMAIL),
    ("meili aino.virtanen@gmail.com, ei puhelinta", EMAIL),
    ("e-post anna.svensson@example.se", EMAIL),
    ("mejl: anna snabel-a example punkt se", EMAIL),
    ("anna(at)example.se vill ha blanketten", EMAIL),
    ("e-post: anna.s [at] example [punkt] se", EMAIL),
    ("email john.smith@example.com", EMAIL),
    ("john dot smith at example dot com", EMAIL),
    ("write to john_smith at example.com", EMAIL),
    ("send the form to John.Smith@Example.COM", EMAIL),
    ("البريد الإلكتروني ahmed.h@example.com", EMAIL),
    ("ايميل: ahmed@example.com", EMAIL),
    ("بريدها fatima＠example.fi", EMAIL),
    ("iimaylka: cali.axmed@example.so", EMAIL),
    ("email-kiisa cali at example dot com", EMAIL),
    ("u dir foomka: cali(at)example.fi", EMAIL),
    ("почта ivan.petrov@example.ru", EMAIL),
    ("email: иван собака example точка ru", EMAIL),
    ("ivan@пример.рф", EMAIL),
    ("почта ivan [at] mail [dot] ru", EMAIL),
    # -- birth dates and street addresses, issue 17 -----------------------------------------------------------------
    ("Ahmed Hassan, s. 1.1.1990, Kontulantie 5 B 12", BIRTH),
    ("Ahmed Hassan, s. 1.1.1990, Kontulantie 5 B 12", STREET),
    # -- birth dates ------------------------------------------------------------------------------------------------
    ("syntynyt 12.3.1985, kysyi eläkkeestä", BIRTH),
    ("s. 01.01.1990", BIRTH),
    ("synt. 5.6.78", BIRTH),
    ("syntymäaika 1990-01-01", BIRTH),
    ("född 1.1.1990", BIRTH),
    ("född den 3.4.1988, frågade om pension", BIRTH),
    ("born 1.1.1990", BIRTH),
    ("DOB 01/01/1990", BIRTH),
    ("date of birth: 1990-01-01", BIRTH),
    ("مواليد 1.1.1990", BIRTH),
    ("تاريخ الميلاد ١٩٩٠-٠١-٠١", BIRTH),
    ("taariikhda dhalashada 1.1.1990", BIRTH),
    ("wuxuu dhashay 12.3.1985", BIRTH),
    ("дата рождения 01.01.1990", BIRTH),
    ("родился 12.03.1985", BIRTH),
    ("01.01.1990 г.р.", BIRTH),
    # -- street addresses -------------------------------------------------------------------------------------------
    ("asuu Kontulantie 5 B 12", STREET),
    ("osoite Mannerheimintie 10 A 3", STREET),
    ("Kotiosoite: Itäkatu 7 as. 21", STREET),
    ("asuu Myllypurontie 3", STREET),
    ("postit osoitteeseen Kivikonkuja 4 C", STREET),
    ("bor på Storgatan 3 B 12", STREET),
    ("adress: Kungsvägen 12", STREET),
    ("lives at Kontulantie 5 B 12", STREET),
    ("address 12 Baker Street", STREET),
    ("يسكن في Kontulantie 5 B 12", STREET),
    ("عنوانها Itäkatu 7 A 21", STREET),
    ("wuxuu deggan yahay Kontulantie 5", STREET),
    ("cinwaanka: Myllypurontie 3 B 8", STREET),
    ("живёт Kontulantie 5 B 12", STREET),
    ("адрес: ул. Ленина 5", STREET),
    # -- several at once --------------------------------------------------------------------------------------------
    ("131052-308T, 040 123 4567, a@b.fi", ID),
    ("131052-308T, 040 123 4567, a@b.fi", PHONE),
    ("131052-308T, 040 123 4567, a@b.fi", EMAIL),
    ("Kela 020 692 207 ja asiakkaan oma 040 123 4567", PHONE),
    ("soitettiin Migriin 0295 419 600, asiakas antoi numeronsa 050 765 4321", PHONE),
    ("ref. 040 123 4569", PHONE),  # a phone number whose last digit happens to be a right reference check digit
]

MUST_PASS: list[str] = [
    # -- public service numbers, issue 17 ---------------------------------------------------------------------------
    "Kela 020 692 207",
    "Migri 0295 419 600",
    "TE-palvelut 0295 025 500",
    # -- fi ---------------------------------------------------------------------------------------------------------
    "Ohjattu Kelaan, Kela 020 692 207 ma-pe 9-16",
    "Soitettiin yhdessä Migriin 0295 419 600, jonotus 20 min",
    "TE-palvelut 0295 025 500, työnhaku aloitettu",
    "Verohallinto 029 497 000, verokortti",
    "Kelan perhe-etuudet 020 692 206",
    "DVV 0295 536 000 osoitteenmuutos",
    "Kela 020 692 207 ja Migri 0295 419 600",
    "Hätänumero 112 neuvottu",
    "seuraava aika 22.11.2026 klo 14:30",
    "W47 ryhmä",
    "2026-W47 infotilaisuus, 12 osallistujaa",
    "postinumero 00930, bussi 560",
    "vuokra 650 e/kk, 3 lasta",
    "velkaa 12 000 e, 3 laskua",
    "Migrin päätös, määräaika 30.6.2027",
    "aukioloajat 9-16, huone 101",
    "klo 10-12",
    "ajat 09-11 13-15",
    "viitenumero 1234561",
    "viite 12345 67890 1239",
    "IBAN FI21 1234 5600 0007 85",
    "tilinumero FI2112345600000785, vuokranantaja",
    "Y-tunnus 0201256-6",
    "diaarinumero 1234/03.00/2026",
    "Kela-kortti uusittu",
    "asumistuki haettu 1.11.2026",
    "toimeentulotuki, päätös 15.10.2026",
    "lomake HA1 täytetty",
    "ajanvaraus ma 23.11. klo 9.30",
    "TE-toimiston ajanvaraus viikolla 48",
    "laskun eräpäivä 5.12.2026, 89,90 €",
    "Asiakas asuu Kontulassa",
    "Kelan toimisto on Kontulantiellä",
    "oleskelulupahakemus vireillä, Migri",
    "lapset 3 ja 5 v",
    "2 aikuista, 4 lasta",
    "30 min, tulkki paikalla",
    "Asiakkaat ohjattiin palvelupisteeseen",
    "Palvelupiste seuraavaksi auki 2.12.",
    "katso kela.fi ja migri.fi",
    "ks. 1.12.2026 tiedote",
    "sivu 12, s. 14",
    "työttömyysturva 35 pv, ansiosidonnainen",
    "HSL-kortti 50 e",
    "yksi lapsi, kaksi aikuista",
    "syntynyt Somaliassa, Suomessa 5 v",
    "kolme kertaa aiemmin, neljäs käynti",
    "Kela-asia: asumistuki, 2 h",
    "Opintopolku 2 hakua auki, kotoutumiskoulutus",
    # -- sv ---------------------------------------------------------------------------------------------------------
    "hänvisad till FPA 020 692 207",
    "Migri 0295 419 600, rådgivning om uppehållstillstånd",
    "nästa tid 22.11.2026 kl. 14.30",
    "vecka 47, gruppinfo",
    "hyra 650 €/mån",
    "postnummer 00100",
    "kl. 10-12",
    "beslut väntas 30.6.2027",
    "FO-nummer 0201256-6",
    "referens RF18 5390 0754 7034",
    "IBAN FI21 1234 5600 0007 85",
    "ärende 1234/2026",
    "3 barn, 2 vuxna",
    "tolk på plats, 30 min",
    "bor i Kontula",
    "se fpa.fi",
    "att fylla i blankett FPA HA1 punkt 5",
    "född i Irak, i Finland sedan 2015",
    # -- en ---------------------------------------------------------------------------------------------------------
    "Referred to Kela 020 692 207",
    "Migri 0295 419 600 for residence permit",
    "TE services 0295 025 500",
    "next appointment 22.11.2026 at 14:30",
    "meet at the library at 10",
    "Apply at migri.fi",
    "Forms are online, e.g. at kela.fi",
    "filled in 2 forms at kela.fi",
    "klo 14.30 at kela.fi",
    "W47",
    "2026-W47 group session, 12 people",
    "Postal code 00930, bus 560",
    "debt 12 000 e, 3 bills",
    "opening hours 9-16, room 101",
    "rent 650 EUR, 3 children",
    "business ID 0201256-6",
    "case number 1234/2026",
    "born in Somalia, arrived 2015",
    "Sorani and Dari speakers",
    "week 48 info session, 20 people",
    "price 1 200,50 €",
    "reference 1234561",
    "St. Thomas church hall, 2nd floor",
    "bus 560 from Itäkeskus",
    "Kela form HA1, 3 children, rent 650 e",
    # -- ar ---------------------------------------------------------------------------------------------------------
    "تمت الإحالة إلى Kela 020 692 207",
    "Migri 0295 419 600 بخصوص الإقامة",
    "الموعد القادم 22.11.2026 الساعة 14:30",
    "الإيجار 650 يورو",
    "ثلاثة أطفال",
    "الأسبوع 47",
    "مترجم حاضر، 30 دقيقة",
    "الرمز البريدي 00930",
    "الموعد ٢٢.١١.٢٠٢٦",
    "TE-palvelut 0295 025 500 للبحث عن عمل",
    "قرار الهجرة متوقع 30.6.2027",
    # -- so ---------------------------------------------------------------------------------------------------------
    "Waxaa loo diray Kela 020 692 207",
    "Migri 0295 419 600 ogolaanshaha deganaanshaha",
    "ballanta xigta 22.11.2026 saacadda 14:30",
    "kirada 650 euro",
    "3 carruur ah",
    "toddobaadka 47",
    "turjumaan ayaa joogay",
    "TE-palvelut 0295 025 500 shaqo raadin",
    "deynta 12 000 euro",
    "koodhka boostada 00930",
    # -- ru ---------------------------------------------------------------------------------------------------------
    "направлен в Kela 020 692 207",
    "Migri 0295 419 600, вид на жительство",
    "следующая встреча 22.11.2026 в 14:30",
    "аренда 650 евро",
    "неделя 47",
    "трое детей, 2 взрослых",
    "TE-palvelut 0295 025 500, поиск работы",
    "долг 12 000 евро",
    "индекс 00930",
    "решение до 30.6.2027",
    "переводчик был, 30 мин",
    "сайт kela.fi",
]


def test_the_corpus_is_as_large_as_the_issue_asks() -> None:
    assert len(MUST_REFUSE) >= 150
    assert len(set(MUST_PASS)) >= 100


@pytest.mark.parametrize(("note", "kind"), MUST_REFUSE)
def test_must_refuse(note: str, kind: str) -> None:
    with pytest.raises(PersonalDataInNote) as refused:
        check_note(note)
    assert kind in refused.value.kinds
    assert refused.value.field == "note"


@pytest.mark.parametrize("note", sorted(set(MUST_PASS)))
def test_must_pass(note: str) -> None:
    assert personal_data_kinds(note) == []
    assert check_note(f" {note}\n") == note


# What advisors' keyboards and phones put into text without anyone seeing it, or what a hurried hand types.
INSERTABLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "-", "\u2013", "\u2212", " ", "  "])
REFUSED_TEXTS = sorted({note for note, _kind in MUST_REFUSE})


@settings(max_examples=400, deadline=None)
@given(
    note=st.sampled_from(REFUSED_TEXTS),
    insertions=st.lists(st.tuples(st.floats(0, 1), INSERTABLE), min_size=1, max_size=3),
)
def test_inserting_zero_width_characters_dashes_or_spaces_keeps_a_refused_note_refused(
    note: str, insertions: list[tuple[float, str]]
) -> None:
    text = note
    for where, inserted in insertions:
        at = round(where * len(text))
        text = text[:at] + inserted + text[at:]
    assert personal_data_kinds(text), f"{text!r} (from {note!r}) was not refused"
