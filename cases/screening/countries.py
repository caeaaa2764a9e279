"""ISO 3166-1 countries: alpha-2 / alpha-3 codes, English names, Turkish and UN-style aliases.

Lists spell nationality every possible way ("TR", "TUR", "Turkey", "Türkiye", "Iran
(Islamic Republic of)"); screening compares ISO alpha-3 only. Names are looked up after
the same ASCII fold as person names, so "Türkiye" and "Turkiye" are one key.
Kosovo (XK/XKX) is included although not ISO-assigned, because lists use it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cases.screening.names import ascii_fold

# alpha-2 alpha-3 English name|alias|alias...; a line starting with + adds aliases
_TABLE = """
AD AND Andorra
AE ARE United Arab Emirates|UAE|Birleşik Arap Emirlikleri|BAE
AF AFG Afghanistan|Afganistan
AG ATG Antigua and Barbuda
AI AIA Anguilla
AL ALB Albania|Arnavutluk
AM ARM Armenia|Ermenistan
AO AGO Angola
AQ ATA Antarctica
AR ARG Argentina|Arjantin
AS ASM American Samoa
AT AUT Austria|Avusturya
AU AUS Australia|Avustralya
AW ABW Aruba
AX ALA Aland Islands
AZ AZE Azerbaijan|Azerbaycan
BA BIH Bosnia and Herzegovina|Bosna-Hersek|Bosna Hersek
BB BRB Barbados
BD BGD Bangladesh|Bangladeş
BE BEL Belgium|Belçika
BF BFA Burkina Faso
BG BGR Bulgaria|Bulgaristan
BH BHR Bahrain|Bahreyn
BI BDI Burundi
BJ BEN Benin
BL BLM Saint Barthelemy
BM BMU Bermuda
BN BRN Brunei Darussalam|Brunei
BO BOL Bolivia|Bolivia (Plurinational State of)
BQ BES Bonaire, Sint Eustatius and Saba
BR BRA Brazil|Brezilya
BS BHS Bahamas
BT BTN Bhutan
BV BVT Bouvet Island
BW BWA Botswana
BY BLR Belarus|Beyaz Rusya
BZ BLZ Belize
CA CAN Canada|Kanada
CC CCK Cocos (Keeling) Islands
CD COD Democratic Republic of the Congo|Congo, Democratic Republic of the
+ Kongo Demokratik Cumhuriyeti
CF CAF Central African Republic|Orta Afrika Cumhuriyeti
CG COG Congo|Republic of the Congo|Kongo
CH CHE Switzerland|İsviçre
CI CIV Cote d'Ivoire|Ivory Coast|Fildişi Sahili
CK COK Cook Islands
CL CHL Chile|Şili
CM CMR Cameroon|Kamerun
CN CHN China|Çin|People's Republic of China
CO COL Colombia|Kolombiya
CR CRI Costa Rica|Kosta Rika
CU CUB Cuba|Küba
CV CPV Cabo Verde|Cape Verde
CW CUW Curacao
CX CXR Christmas Island
CY CYP Cyprus|Kıbrıs
CZ CZE Czechia|Czech Republic|Çekya|Çek Cumhuriyeti
DE DEU Germany|Almanya
DJ DJI Djibouti|Cibuti
DK DNK Denmark|Danimarka
DM DMA Dominica
DO DOM Dominican Republic|Dominik Cumhuriyeti
DZ DZA Algeria|Cezayir
EC ECU Ecuador|Ekvador
EE EST Estonia|Estonya
EG EGY Egypt|Mısır
EH ESH Western Sahara|Batı Sahra
ER ERI Eritrea
ES ESP Spain|İspanya
ET ETH Ethiopia|Etiyopya
FI FIN Finland|Finlandiya
FJ FJI Fiji
FK FLK Falkland Islands (Malvinas)|Falkland Islands
FM FSM Micronesia (Federated States of)|Micronesia
FO FRO Faroe Islands
FR FRA France|Fransa
GA GAB Gabon
GB GBR United Kingdom|United Kingdom of Great Britain and Northern Ireland|UK|Great Britain
+ Birleşik Krallık|İngiltere
GD GRD Grenada
GE GEO Georgia|Gürcistan
GF GUF French Guiana
GG GGY Guernsey
GH GHA Ghana|Gana
GI GIB Gibraltar|Cebelitarık
GL GRL Greenland
GM GMB Gambia
GN GIN Guinea|Gine
GP GLP Guadeloupe
GQ GNQ Equatorial Guinea
GR GRC Greece|Yunanistan
GS SGS South Georgia and the South Sandwich Islands
GT GTM Guatemala
GU GUM Guam
GW GNB Guinea-Bissau
GY GUY Guyana
HK HKG Hong Kong|Hong Kong SAR
HM HMD Heard Island and McDonald Islands
HN HND Honduras
HR HRV Croatia|Hırvatistan
HT HTI Haiti
HU HUN Hungary|Macaristan
ID IDN Indonesia|Endonezya
IE IRL Ireland|İrlanda
IL ISR Israel|İsrail
IM IMN Isle of Man
IN IND India|Hindistan
IO IOT British Indian Ocean Territory
IQ IRQ Iraq|Irak
IR IRN Iran|Iran (Islamic Republic of)|Islamic Republic of Iran|İran
IS ISL Iceland|İzlanda
IT ITA Italy|İtalya
JE JEY Jersey
JM JAM Jamaica|Jamaika
JO JOR Jordan|Ürdün
JP JPN Japan|Japonya
KE KEN Kenya
KG KGZ Kyrgyzstan|Kırgızistan
KH KHM Cambodia|Kamboçya
KI KIR Kiribati
KM COM Comoros|Komorlar
KN KNA Saint Kitts and Nevis
KP PRK North Korea|Democratic People's Republic of Korea|Kuzey Kore
+ Korea, Democratic People's Republic of
KR KOR South Korea|Republic of Korea|Korea, Republic of|Güney Kore
KW KWT Kuwait|Kuveyt
KY CYM Cayman Islands
KZ KAZ Kazakhstan|Kazakistan
LA LAO Lao People's Democratic Republic|Laos
LB LBN Lebanon|Lübnan
LC LCA Saint Lucia
LI LIE Liechtenstein|Lihtenştayn
LK LKA Sri Lanka
LR LBR Liberia|Liberya
LS LSO Lesotho
LT LTU Lithuania|Litvanya
LU LUX Luxembourg|Lüksemburg
LV LVA Latvia|Letonya
LY LBY Libya|Libyan Arab Jamahiriya|Libya Arab Jamahiriya
MA MAR Morocco|Fas
MC MCO Monaco|Monako
MD MDA Moldova|Republic of Moldova|Moldova, Republic of
ME MNE Montenegro|Karadağ
MF MAF Saint Martin (French part)
MG MDG Madagascar|Madagaskar
MH MHL Marshall Islands
MK MKD North Macedonia|The former Yugoslav Republic of Macedonia|Macedonia|Kuzey Makedonya
ML MLI Mali
MM MMR Myanmar|Burma
MN MNG Mongolia|Moğolistan
MO MAC Macao|Macau
MP MNP Northern Mariana Islands
MQ MTQ Martinique
MR MRT Mauritania|Moritanya
MS MSR Montserrat
MT MLT Malta
MU MUS Mauritius
MV MDV Maldives|Maldivler
MW MWI Malawi
MX MEX Mexico|Meksika
MY MYS Malaysia|Malezya
MZ MOZ Mozambique|Mozambik
NA NAM Namibia|Namibya
NC NCL New Caledonia
NE NER Niger|Nijer
NF NFK Norfolk Island
NG NGA Nigeria|Nijerya
NI NIC Nicaragua|Nikaragua
NL NLD Netherlands|Hollanda|Netherlands (Kingdom of the)
NO NOR Norway|Norveç
NP NPL Nepal
NR NRU Nauru
NU NIU Niue
NZ NZL New Zealand|Yeni Zelanda
OM OMN Oman|Umman
PA PAN Panama
PE PER Peru
PF PYF French Polynesia
PG PNG Papua New Guinea
PH PHL Philippines|Filipinler
PK PAK Pakistan
PL POL Poland|Polonya
PM SPM Saint Pierre and Miquelon
PN PCN Pitcairn
PR PRI Puerto Rico|Porto Riko
PS PSE Palestine|State of Palestine|Occupied Palestinian Territory|Filistin
PT PRT Portugal|Portekiz
PW PLW Palau
PY PRY Paraguay
QA QAT Qatar|Katar
RE REU Reunion
RO ROU Romania|Romanya
RS SRB Serbia|Sırbistan
RU RUS Russia|Russian Federation|Rusya|Rusya Federasyonu
RW RWA Rwanda|Ruanda
SA SAU Saudi Arabia|Suudi Arabistan
SB SLB Solomon Islands
SC SYC Seychelles|Seyşeller
SD SDN Sudan
SE SWE Sweden|İsveç
SG SGP Singapore|Singapur
SH SHN Saint Helena, Ascension and Tristan da Cunha|Saint Helena
SI SVN Slovenia|Slovenya
SJ SJM Svalbard and Jan Mayen
SK SVK Slovakia|Slovakya
SL SLE Sierra Leone
SM SMR San Marino
SN SEN Senegal
SO SOM Somalia|Somali
SR SUR Suriname|Surinam
SS SSD South Sudan|Güney Sudan
ST STP Sao Tome and Principe
SV SLV El Salvador
SX SXM Sint Maarten (Dutch part)
SY SYR Syria|Syrian Arab Republic|Suriye
SZ SWZ Eswatini|Swaziland
TC TCA Turks and Caicos Islands
TD TCD Chad|Çad
TF ATF French Southern Territories
TG TGO Togo
TH THA Thailand|Tayland
TJ TJK Tajikistan|Tacikistan
TK TKL Tokelau
TL TLS Timor-Leste|East Timor|Doğu Timor
TM TKM Turkmenistan|Türkmenistan
TN TUN Tunisia|Tunus
TO TON Tonga
TR TUR Türkiye|Turkey|Republic of Türkiye|Türkiye Cumhuriyeti|T.C.
TT TTO Trinidad and Tobago
TV TUV Tuvalu
TW TWN Taiwan|Tayvan|Taiwan, Province of China
TZ TZA Tanzania|United Republic of Tanzania|Tanzania, United Republic of
UA UKR Ukraine|Ukrayna
UG UGA Uganda
UM UMI United States Minor Outlying Islands
US USA United States|United States of America|USA|Amerika Birleşik Devletleri|ABD|Amerika
UY URY Uruguay
UZ UZB Uzbekistan|Özbekistan
VA VAT Holy See|Vatican|Vatikan
VC VCT Saint Vincent and the Grenadines
VE VEN Venezuela|Venezuela (Bolivarian Republic of)
VG VGB Virgin Islands (British)|British Virgin Islands
VI VIR Virgin Islands (U.S.)|US Virgin Islands
VN VNM Viet Nam|Vietnam
VU VUT Vanuatu
WF WLF Wallis and Futuna
WS WSM Samoa
XK XKX Kosovo|Kosova
YE YEM Yemen
YT MYT Mayotte
ZA ZAF South Africa|Güney Afrika
ZM ZMB Zambia|Zambiya
ZW ZWE Zimbabwe
"""

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _name_key(name: str) -> str:
    return _NON_ALNUM.sub(" ", ascii_fold(name)).strip()


def _build() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_alpha2: dict[str, str] = {}
    english: dict[str, str] = {}
    by_name: dict[str, str] = {}
    alpha3 = ""
    for line in _TABLE.strip().splitlines():
        if line.startswith("+"):
            names = line[1:]
        else:
            alpha2, alpha3, names = line.split(" ", 2)
            by_alpha2[alpha2] = alpha3
            english[alpha3] = names.split("|")[0]
        for name in names.split("|"):
            by_name.setdefault(_name_key(name), alpha3)
    return by_alpha2, english, by_name


_BY_ALPHA2, ENGLISH_NAMES, _BY_NAME = _build()
ALPHA3_CODES = frozenset(ENGLISH_NAMES)


@lru_cache(maxsize=4096)
def to_alpha3(value: str) -> str | None:
    """ISO alpha-3 for an alpha-2 code, alpha-3 code or a known name; None if unknown."""
    text = value.strip()
    upper = text.upper()
    if len(text) == 2 and upper in _BY_ALPHA2:
        return _BY_ALPHA2[upper]
    if len(text) == 3 and upper in ALPHA3_CODES:
        return upper
    return _BY_NAME.get(_name_key(text))
