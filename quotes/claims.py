"""Attributed claims: which quotes assert something a fact-checker could check, of what kind,
with the numbers read.

Two layers:

1. **Signals** (:func:`signals`): spans of the quote read by regular expressions and a small
   lexicon -- numbers with their value and unit (Indonesian decimal comma and thousands dot,
   number words, ``ribu``/``juta``/``miliar``/``triliun``, ranges, percent, currency, units),
   comparatives and superlatives, causal connectives, laws and rules, future markers, dates
   (an ISO value when the year is written), first-person markers. Clock times, years and
   document numbers (``Nomor 5``, ``Pasal 2``) are not read as quantities.
2. **Decision** (:class:`ClaimModel`): logistic regressions over the signals and the quote's
   words, one for "checkable" (its probability is the ``score``) and one per claim type,
   trained on the gold by ``scripts/train_claims.py`` (leave-one-outlet-out figures there)
   and shipped as JSON in ``quotes/models/id/claims.json`` (sha256 in the manifest).

Everything is pure Python over the quote's text: no parse, no model but the weights.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from quotes.model import Claim, ClaimType, Signal, SignalType
from quotes.text import LETTER_WORD
from quotes.weights import load_weights, manifest_entry

#: the claim types, in the order they are listed; the first five make a quote checkable
CLAIM_TYPES: tuple[ClaimType, ...] = ("quantity", "cause", "rule", "prediction", "event",
                                      "personal")
CHECKABLE_TYPES: tuple[ClaimType, ...] = CLAIM_TYPES[:5]

# --------------------------------------------------------------------------- numbers

_SMALL = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
          "tujuh": 7, "delapan": 8, "sembilan": 9}
_SE = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000, "sejuta": 10 ** 6,
       "semiliar": 10 ** 9, "setriliun": 10 ** 12, "setengah": 0.5, "seperempat": 0.25,
       "separuh": 0.5, "sepertiga": 1 / 3}
_TENS = {"belas": None, "puluh": 10, "ratus": 100}
_MAGNITUDES = {"ribu": 10 ** 3, "rb": 10 ** 3, "juta": 10 ** 6, "jt": 10 ** 6,
               "miliar": 10 ** 9, "milyar": 10 ** 9, "triliun": 10 ** 12, "trilyun": 10 ** 12}
#: after a currency only: ``Rp 5 M``, ``Rp 2 T``
_CURRENCY_MAGNITUDES = {"m": 10 ** 9, "t": 10 ** 12}
#: vague amounts: a quantity without a value
_VAGUE = frozenset(("belasan", "puluhan", "ratusan", "ribuan", "jutaan", "miliaran",
                    "triliunan", "berpuluh-puluh", "beratus-ratus", "beribu-ribu"))
_NUMBER_WORDS = (set(_SMALL) | set(_SE) | set(_TENS) | set(_MAGNITUDES)) - {"rb", "jt"}

#: the unit words after a number (lower case) -> the unit's name
_UNITS: dict[str, str] = {
    "persen": "percent", "%": "percent", "prosen": "percent", "persentase": "percent",
    "orang": "people", "jiwa": "people", "warga": "people", "penduduk": "people",
    "korban": "people", "pasien": "people", "siswa": "people", "pelajar": "people",
    "mahasiswa": "people", "peserta": "people", "personel": "people", "anggota": "people",
    "pekerja": "people", "karyawan": "people", "pegawai": "people", "tersangka": "people",
    "pelaku": "people", "penumpang": "people", "pengunjung": "people", "wisatawan": "people",
    "petani": "people", "nelayan": "people", "anak": "people", "keluarga": "households",
    "kk": "households", "ton": "tonne", "kg": "kg", "kilogram": "kg", "kilo": "kg",
    "gram": "g", "gr": "g", "kuintal": "quintal", "km": "km", "kilometer": "km",
    "meter": "m", "m": "m", "cm": "cm", "sentimeter": "cm", "mm": "mm", "milimeter": "mm",
    "hektare": "ha", "hektar": "ha", "ha": "ha", "are": "are", "km2": "km2", "m2": "m2",
    "m3": "m3", "kubik": "m3", "liter": "litre", "l": "litre", "kiloliter": "kl",
    "barel": "barrel", "mw": "MW", "megawatt": "MW", "kw": "kW", "kwh": "kWh", "gw": "GW",
    "tahun": "year", "bulan": "month", "hari": "day", "jam": "hour", "menit": "minute",
    "detik": "second", "pekan": "week", "minggu": "week", "dekade": "decade", "abad": "century",
    "unit": "unit", "buah": "unit", "biji": "unit", "ekor": "animals", "kali": "times",
    "rupiah": "IDR", "dolar": "USD", "dollar": "USD", "euro": "EUR", "ringgit": "MYR",
    "yuan": "CNY", "yen": "JPY", "won": "KRW", "poin": "points", "suara": "votes",
    "kursi": "seats", "derajat": "degree", "celsius": "celsius", "sak": "sack",
    "kendaraan": "vehicles", "rumah": "houses", "desa": "villages", "kecamatan": "districts",
    "kabupaten": "regencies", "provinsi": "provinces", "negara": "countries", "kasus": "cases",
    "sekolah": "schools", "titik": "points", "lokasi": "locations", "perusahaan": "companies",
    "kapal": "ships", "pulau": "islands", "batang": "pieces", "bungkus": "packs",
    "paket": "packages", "botol": "bottles", "butir": "pieces", "lembar": "sheets",
}
#: currency words before a number
_CURRENCY_BEFORE = {"rp": "IDR", "rp.": "IDR", "idr": "IDR", "us$": "USD", "usd": "USD",
                    "$": "USD", "sgd": "SGD", "s$": "SGD", "rm": "MYR", "€": "EUR",
                    "eur": "EUR", "¥": "JPY"}
_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3,
           "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
           "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9,
           "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
           "desember": 12, "des": 12}
_TIME_WORDS = frozenset(("pukul", "jam", "pkl", "pkl."))
_TIME_ZONES = frozenset(("wib", "wita", "wit"))
#: a number right after one of these is a document or item number, not a quantity
_DOC_WORDS = frozenset(("nomor", "no", "no.", "nomer", "pasal", "ayat", "nomor:", "huruf",
                        "section", "channel", "kanal", "tahap", "jilid", "bab", "ke",
                        "ruang", "km.", "lantai",
                        "blok", "rt", "rw", "jalan", "jl", "jl.", "gang", "kode", "sila",
                        "episode", "seri", "versi", "pos"))
#: a number right before one of these is an ordinal or a name part
_NOT_AFTER = frozenset(("wib", "wita", "wit"))

# a token: a word (letters, digits, hyphens), a number with separators, or one symbol
_TOKEN = re.compile(r"(?:Rp\.?|US\$|S\$|\$|€|¥)(?=\s?\d)|\d+(?:[.,]\d+)*"
                    r"|[^\W\d_]+(?:[-'][^\W\d_]+)*"
                    r"(?:\d+)?|%|[–—-]|\(|\)|[^\s\w]", re.UNICODE)
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def parse_digits(raw: str) -> float | None:
    """An Indonesian written number: ``20.000`` -> 20000, ``2,5`` -> 2.5, ``1.250.000,75``
    -> 1250000.75; ``2.5`` (a dot not before three digits) -> 2.5. ``None`` when unreadable."""
    if _THOUSANDS.fullmatch(raw):
        return float(raw.replace(".", "").replace(",", "."))
    if raw.count(",") == 1 and "." not in raw:
        return float(raw.replace(",", "."))
    if raw.count(".") == 1 and "," not in raw:
        return float(raw)
    if raw.isdigit():
        return float(raw)
    return None


def parse_words(words: Sequence[str]) -> float | None:
    """Indonesian number words: ``dua ratus lima puluh ribu`` -> 250000, ``sebelas`` -> 11,
    ``tiga belas`` -> 13, ``setengah`` -> 0.5. ``None`` when they are not a number."""
    total = 0.0
    group = 0.0
    pending: float | None = None
    seen = False
    for w in words:
        w = w.lower()
        if w in _SMALL:
            if pending is not None:
                return None
            pending = float(_SMALL[w])
        elif w in _SE:
            value = float(_SE[w])
            if value >= 1000:
                total += (group + (pending or 0)) * value if (group or pending) else value
                group, pending = 0.0, None
            else:
                group += value
        elif w == "belas":
            if pending is None:
                return None
            group += pending + 10
            pending = None
        elif w in ("puluh", "ratus"):
            if pending is None:
                return None
            group += pending * (10 if w == "puluh" else 100)
            pending = None
        elif w in _MAGNITUDES:
            base = group + (pending or 0)
            if not base:
                return None
            total += base * _MAGNITUDES[w]
            group, pending = 0.0, None
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + group + (pending or 0)


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_number_word(low: str) -> bool:
    return low in _NUMBER_WORDS


def _read_number(toks: Sequence[_Tok], i: int) -> tuple[float | None, int] | None:
    """A number starting at token ``i``: (value, index after it) -- digits with an optional
    magnitude word, or a run of number words. ``None`` when there is none."""
    t = toks[i]
    if _DIGITS.fullmatch(t.text):
        value = parse_digits(t.text)
        j = i + 1
        if value is not None and j < len(toks) and toks[j].low in _MAGNITUDES:
            value *= _MAGNITUDES[toks[j].low]
            j += 1
        return value, j
    if _is_number_word(t.low) and t.low not in ("belas", "puluh", "ratus") \
            and t.low not in _MAGNITUDES:
        j = i
        while j < len(toks) and _is_number_word(toks[j].low) and toks[j].start - (
                toks[j - 1].end if j > i else toks[j].start) <= 1:
            j += 1
        while j > i:
            value = parse_words([x.low for x in toks[i:j]])
            if value is not None:
                return value, j
            j -= 1
    return None


def _quantity(text: str, toks: Sequence[_Tok], i: int, base: int
              ) -> tuple[Signal, int] | None:
    """The quantity starting at token ``i`` (a currency, a number or a vague amount)."""
    t = toks[i]
    prev = toks[i - 1].low if i > 0 else ""
    unit: str | None = None
    start_tok = i
    if t.low in _CURRENCY_BEFORE and i + 1 < len(toks):
        unit = _CURRENCY_BEFORE[t.low]
        i += 1
        t = toks[i]
    if t.low in _VAGUE:
        j = i + 1
        if j < len(toks) and toks[j].low in _UNITS:
            unit = unit or _UNITS[toks[j].low]
            j += 1
        s, e = toks[start_tok].start, toks[j - 1].end
        return Signal("quantity", text[s:e], base + s, base + e, None, None, unit), j
    got = _read_number(toks, i)
    if got is None:
        return None
    value, j = got
    is_digit = bool(_DIGITS.fullmatch(t.text))
    # not quantities: document numbers, clock times, years, ordinals
    if prev in _DOC_WORDS or (i > 1 and toks[i - 1].text == "-" and (
            toks[i - 2].low == "ke" or toks[i - 2].text.isupper() or (
                toks[i - 2].text.isalpha() and toks[i - 2].end == toks[i - 1].start
                and toks[i - 1].end == t.start))) or (i > 0 and toks[i - 1].text == "KM"):
        return None  # "Nomor 5", "ke-7", "F-16", "Covid-19", "KM 65"
    if is_digit and (prev in _TIME_WORDS or (j < len(toks) and toks[j].low in _TIME_ZONES)):
        return None
    if is_digit and unit is None and j == i + 1 and re.fullmatch(r"(19|20)\d\d", t.text):
        return None  # a year (a date signal reads it)
    if t.low == "satu" and prev == "salah":
        return None
    if not is_digit and j < len(toks) and toks[j].text == "-" and j + 1 < len(toks) and \
            toks[j + 1].low == "satunya":
        return None
    high: float | None = None
    # a range: 4-10, 4 hingga 10, 1-2 juta
    if j + 1 < len(toks) and (toks[j].text in "-–—" or toks[j].low in ("hingga", "sampai",
                                                                        "s.d", "s/d")):
        nxt = _read_number(toks, j + 1) if j + 1 < len(toks) else None
        if nxt is not None and nxt[0] is not None:
            high, j = nxt
            if value is not None and high is not None and j > 0 and \
                    toks[j - 1].low in _MAGNITUDES and value < high / 1000:
                value *= _MAGNITUDES[toks[j - 1].low]
    if unit == "IDR" and j < len(toks) and toks[j].low in _CURRENCY_MAGNITUDES and \
            toks[j].text in ("M", "T", "m", "t") and value is not None:
        mult = _CURRENCY_MAGNITUDES[toks[j].low]
        value *= mult
        high = high * mult if high is not None else None
        j += 1
    if j < len(toks):
        w = toks[j].low
        if w == "kali" and j + 1 < len(toks) and toks[j + 1].low == "lipat":
            unit, j = unit or "factor", j + 2
        elif w == "persegi" and unit in ("m", "km"):
            unit, j = unit + "2", j + 1
        elif w in _UNITS and unit is None:
            unit = _UNITS[w]
            j += 1
            if j < len(toks) and toks[j].low in ("persegi",) and unit in ("m", "km"):
                unit, j = unit + "2", j + 1
            if unit == "USD" and j < len(toks) and toks[j].low in ("as", "amerika"):
                j += 1
        elif w in _UNITS and w in ("rupiah", "dolar", "dollar") and unit is not None:
            j += 1
    if unit is None and value is not None and not is_digit and value < 2 and j == i + 1:
        return None  # a bare "satu" / "setengah" without a unit is rarely a quantity
    s, e = toks[start_tok].start, toks[j - 1].end
    return Signal("quantity", text[s:e], base + s, base + e, value, high, unit), j


def _age(text: str, toks: Sequence[_Tok], i: int, base: int) -> tuple[Signal, int] | None:
    """An age after a name: ``APSD (22)``."""
    if toks[i].text == "(" and i + 2 < len(toks) and toks[i + 2].text == ")" and \
            re.fullmatch(r"\d{1,3}", toks[i + 1].text) and i > 0 and toks[i - 1].text[:1].isupper():
        t = toks[i + 1]
        return Signal("quantity", t.text, base + t.start, base + t.end, float(t.text), None,
                      "year"), i + 3
    return None


_YEAR = re.compile(r"(19|20)\d\d")
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})(?:/((?:19|20)?\d\d))?")
_DAYS = frozenset(("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu"))
#: the time units of relative dates -> the word dateparser's Indonesian data knows
_DATE_UNITS = {"hari": "hari", "pekan": "minggu", "minggu": "minggu", "bulan": "bulan",
               "tahun": "tahun"}
_SE_UNITS = {"sehari": "hari", "sepekan": "minggu", "seminggu": "minggu", "sebulan": "bulan",
             "setahun": "tahun"}
_PAST = frozenset(("lalu", "silam", "kemarin"))
_FUTURE = frozenset(("depan", "mendatang", "lagi"))
#: one-word relative dates -> (what dateparser reads, which way)
_DEICTIC = {"kemarin": ("kemarin", "past"), "besok": ("besok", "future"),
            "lusa": ("dalam 2 hari", "future"), "kemarin lusa": ("kemarin lusa", "past"),
            "hari ini": ("hari ini", "current_period"),
            "tahun ini": ("tahun ini", "current_period"),
            "bulan ini": ("bulan ini", "current_period"),
            "pekan ini": ("dalam 0 minggu", "current_period"),
            "minggu ini": ("dalam 0 minggu", "current_period")}


@dataclass(frozen=True, slots=True)
class _DateQuery:
    """A date read from the text: its ISO value when the text alone gives it, else what to
    ask dateparser (relative to the article's date) and which way to read it."""

    iso: str | None = None
    query: str | None = None
    prefer: str = "current_period"


def _date(text: str, toks: Sequence[_Tok], i: int, base: int
          ) -> tuple[Signal, int, _DateQuery] | None:
    """A date or time expression starting at token ``i``: ``17 Agustus 2025``, ``Juli 2025``,
    ``tahun 2024``, ``2024``, ``17/6/2018`` (an ISO value from the text alone); ``17 Agustus``,
    ``Juli lalu``, ``Senin (7/6)``, ``tahun depan``, ``kemarin``, ``dua tahun lalu``,
    ``pekan depan`` (an ISO value only relative to the article's date)."""
    t = toks[i]
    low = t.low
    if not (t.text[0].isdigit() or low in _DATE_STARTS):
        return None
    n = len(toks)

    def nxt(k: int) -> str:
        return toks[k].low if k < n else ""

    def sig(j: int, q: _DateQuery) -> tuple[Signal, int, _DateQuery]:
        s, e = t.start, toks[j - 1].end
        return Signal("date", text[s:e], base + s, base + e, iso=q.iso), j, q

    # 17/6/2018, 7/6 (a day and a month: in Indonesian news, after a day name)
    if _DIGITS.fullmatch(t.text) and nxt(i + 1) == "/" and i + 2 < n:
        raw = text[t.start : toks[i + 2].end]
        k = i + 3
        if nxt(k) == "/" and k + 1 < n and re.fullmatch(r"\d{2,4}", toks[k + 1].text):
            raw, k = text[t.start : toks[k + 1].end], k + 2
        m = _SLASH_DATE.fullmatch(raw)
        if m is not None:
            dd, mm, yy = int(m.group(1)), int(m.group(2)), m.group(3)
            if 1 <= dd <= 31 and 1 <= mm <= 12 and (i == 0 or toks[i - 1].text == "("):
                if yy is not None and len(yy) == 4:
                    return sig(k, _DateQuery(iso=f"{int(yy):04d}-{mm:02d}-{dd:02d}"))
                if yy is None:
                    return sig(k, _DateQuery(query=f"{dd} {_MONTH_NAMES[mm]}"))
    # a day name: Senin, Senin lalu, Senin (7/6) -- "Minggu" only capitalised before "("
    if low in _DAYS and t.text[:1].isupper() and (low != "minggu" or nxt(i + 1) == "("):
        j = i + 1
        prefer = "past"
        if nxt(j) in _PAST:
            j += 1
        elif nxt(j) in _FUTURE:
            prefer, j = "future", j + 1
        if nxt(j) == "(":  # Senin (7/6): the date in brackets is read on its own
            return None
        return sig(j, _DateQuery(query=t.text.capitalize().replace("'", ""), prefer=prefer))
    # kemarin, besok, lusa, hari ini, tahun ini ...
    two = f"{low} {nxt(i + 1)}"
    if two in _DEICTIC:
        q, prefer = _DEICTIC[two]
        return sig(i + 2, _DateQuery(query=q, prefer=prefer))
    if low in _DEICTIC:
        q, prefer = _DEICTIC[low]
        return sig(i + 1, _DateQuery(query=q, prefer=prefer))
    # tahun depan, bulan lalu, pekan depan, sepekan lalu, dua tahun lalu, 3 hari lagi
    count: float | None = None
    j = i
    if low in _DATE_UNITS:
        count, j = 1.0, i + 1
        unit = _DATE_UNITS[low]
    elif low in _SE_UNITS:
        count, j = 1.0, i + 1
        unit = _SE_UNITS[low]
    else:
        got = _read_number(toks, i) if not _YEAR.fullmatch(t.text) else None
        if got is not None and got[0] is not None and got[1] < n and \
                toks[got[1]].low in _DATE_UNITS:
            count, j = got[0], got[1] + 1
            unit = _DATE_UNITS[toks[got[1]].low]
    if count is not None and count == int(count) and (
            nxt(j) in ("lalu", "silam", "depan", "mendatang", "lagi") or
            (nxt(j) == "yang" and nxt(j + 1) == "lalu")):
        bare = low in _DATE_UNITS  # "tahun lalu", not "dua tahun lalu"
        if nxt(j) == "lagi" and bare:
            return None  # "tahun lagi" is not a date
        k = j + 2 if nxt(j) == "yang" else j + 1
        if nxt(j) in ("lalu", "silam", "yang"):
            return sig(k, _DateQuery(query=f"{int(count)} {unit} lalu", prefer="past"))
        return sig(k, _DateQuery(query=f"dalam {int(count)} {unit}", prefer="future"))
    # 17 Agustus 2025, 17 Agustus, Juli 2025, Juli lalu, Maret mendatang, tahun 2024, 2024
    day = month = year = None
    if re.fullmatch(r"\d{1,2}", t.text) and nxt(i + 1) in _MONTHS:
        day, month, j = int(t.text), _MONTHS[nxt(i + 1)], i + 2
    elif low in _MONTHS and t.text[0].isupper() and len(low) > 3 and (
            (i + 1 < n and _YEAR.fullmatch(toks[i + 1].text)) or nxt(i + 1) in _PAST |
            _FUTURE | {"ini"}):
        month, j = _MONTHS[low], i + 1
    elif low in _MONTHS and t.text[0].isupper() and i + 1 < n and \
            _YEAR.fullmatch(toks[i + 1].text):
        month, j = _MONTHS[low], i + 1
    elif _YEAR.fullmatch(t.text):
        return sig(i + 1, _DateQuery(iso=t.text))
    else:
        return None
    if j < n and _YEAR.fullmatch(toks[j].text):
        year = int(toks[j].text)
        j += 1
    if day is not None and not 1 <= day <= 31:
        return None
    if year is not None and month is not None:
        iso = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
        return sig(j, _DateQuery(iso=iso))
    prefer = "current_period"
    if nxt(j) in ("lalu", "silam", "kemarin"):
        prefer, j = "past", j + 1
    elif nxt(j) in ("depan", "mendatang"):
        prefer, j = "future", j + 1
    elif nxt(j) == "ini":
        j += 1
    query = (f"{day} " if day is not None else "") + _MONTH_NAMES[month or 1]
    return sig(j, _DateQuery(query=query, prefer=prefer))


#: the words a date expression can start with (besides a digit)
_DATE_STARTS = frozenset((*_MONTHS, *_DAYS, *_DATE_UNITS, *_SE_UNITS, *_SMALL, *_SE,
                          "kemarin", "besok", "lusa", "hari", "tahun", "bulan", "pekan",
                          "minggu"))

_MONTH_NAMES = {1: "Januari", 2: "Februari", 3: "Maret", 4: "April", 5: "Mei", 6: "Juni",
                7: "Juli", 8: "Agustus", 9: "September", 10: "Oktober", 11: "November",
                12: "Desember"}


@lru_cache(maxsize=64)
def _date_parser(prefer: str, published: date) -> Any:
    """dateparser's Indonesian parser reading one way from one article's date (imported on
    first use: the import and the first parse take a few hundred milliseconds, once per
    process)."""
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]

    return DateDataParser(languages=["id"], settings={
        "RELATIVE_BASE": datetime(published.year, published.month, published.day),
        "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True})


@lru_cache(maxsize=4096)
def resolve_date(query: str, prefer: str, published: date) -> str | None:
    """The ISO value of a relative date ``query`` (what :func:`_date` asks) against the
    article's date, by dateparser (``RELATIVE_BASE`` = ``published``): ``YYYY`` for a year,
    ``YYYY-MM`` for a month, ``YYYY-MM-DD`` for a day or a week. ``None`` when unreadable."""
    parser = _date_parser(prefer, published)
    data = parser.get_date_data(query)
    got: datetime | None = data.date_obj
    if got is None:
        return None
    if data.period == "year":
        return f"{got.year:04d}"
    if data.period == "month":
        return f"{got.year:04d}-{got.month:02d}"
    return got.date().isoformat()


# --------------------------------------------------------------------------- word signals

def _phrases(*items: str) -> re.Pattern[str]:
    alts = sorted(items, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


_WORD_SIGNALS: tuple[tuple[SignalType, re.Pattern[str]], ...] = (
    ("comparison", _phrases(
        r"ter(?:besar|tinggi|rendah|banyak|kecil|sedikit|luas|panjang|cepat|lambat|murah|"
        r"mahal|tua|muda|parah|buruk|baik|dalam|jauh|dekat|berat|ringan|padat|ramai|"
        r"sepi|miskin|kaya|kuat|lemah|lama|baru)",
        r"(?:lebih|paling|makin|semakin) (?:tinggi|rendah|besar|kecil|banyak|sedikit|mahal|"
        r"murah|cepat|lambat|luas|sempit|panjang|pendek|berat|ringan|parah|buruk|baik|"
        r"jauh|dekat|lama|tua|muda|sering|jarang|kuat|lemah|padat|ramai|sepi)",
        r"naik", r"turun", r"menurun", r"meningkat", r"bertambah", r"berkurang",
        r"melonjak", r"anjlok", r"merosot", r"melambat", r"melemah", r"menguat",
        r"kenaikan", r"penurunan", r"peningkatan", r"pertumbuhan", r"tumbuh", r"lonjakan",
        r"dibandingkan", r"dibanding", r"ketimbang", r"daripada", r"dari sebelumnya",
        r"rata-rata", r"separuh", r"sebagian besar", r"mayoritas", r"minoritas",
        r"lebih dari", r"se-Asia",
        r"se-Indonesia", r"pertama kali", r"satu-satunya", r"nomor satu", r"peringkat")),
    ("cause", _phrases(
        r"karena", r"karna", r"karenanya", r"akibat", r"akibatnya", r"diakibatkan",
        r"mengakibatkan", r"disebabkan", r"menyebabkan", r"penyebab", r"penyebabnya",
        r"sebab", r"sebabnya", r"sehingga", r"lantaran", r"gara-gara", r"imbas",
        r"imbasnya", r"dampak", r"dampaknya", r"berdampak", r"dipicu", r"memicu", r"pemicu",
        r"oleh karena itu", r"oleh sebab itu", r"maka", r"membuat", r"berkat", r"faktor",
        r"hasil dari", r"berujung", r"mengakibatkannya", r"motif", r"motifnya", r"alasan",
        r"alasannya", r"berkaitan dengan", r"terkait dengan", r"dipengaruhi", r"memengaruhi",
        r"mempengaruhi", r"menimbulkan", r"ditimbulkan")),
    ("rule", _phrases(
        r"undang-undang", r"UU", r"UUD", r"UU ITE", r"Perpres", r"Perppu", r"Perpu",
        r"Permen\w*", r"Perda", r"Pergub", r"Perbup", r"Perwali?", r"Perkap", r"Perpol",
        r"Perma", r"PP", r"Keppres", r"Kepmen\w*", r"Inpres", r"SE", r"surat edaran",
        r"KUHP", r"KUHAP", r"KUH Perdata", r"pasal", r"ayat", r"peraturan", r"aturan",
        r"aturannya", r"regulasi", r"ketentuan", r"ketentuannya", r"wajib", r"diwajibkan",
        r"kewajiban", r"mewajibkan", r"dilarang", r"larangan", r"melarang", r"terlarang",
        r"sanksi", r"denda", r"ancaman hukuman", r"ancaman pidana", r"diancam", r"pidana",
        r"hukuman", r"izin", r"perizinan", r"berizin", r"syarat", r"persyaratan",
        r"prosedur", r"SOP", r"mekanisme", r"sesuai", r"berdasarkan", r"menurut aturan",
        r"konstitusi", r"putusan", r"keputusan", r"kontrak", r"perjanjian", r"harus",
        r"diharuskan", r"boleh", r"tidak boleh", r"diperbolehkan", r"diizinkan", r"berhak",
        r"hak", r"melanggar", r"pelanggaran", r"HET", r"tarif", r"retribusi", r"pajak",
        r"ketetapan", r"qanun", r"fatwa", r"juknis", r"juklak")),
    ("future", _phrases(
        r"akan", r"bakal", r"hendak", r"nantinya", r"nanti", r"kelak", r"segera",
        r"tahun depan", r"bulan depan", r"pekan depan", r"minggu depan", r"besok", r"lusa",
        r"mendatang", r"ke depan", r"ke depannya", r"target", r"targetnya", r"ditargetkan",
        r"menargetkan", r"rencana", r"rencananya", r"direncanakan", r"berencana",
        r"merencanakan", r"diproyeksikan", r"proyeksi", r"diperkirakan", r"memperkirakan",
        r"perkiraan", r"prediksi", r"diprediksi", r"memprediksi", r"dijadwalkan", r"jadwal",
        r"rampung", r"paling lambat", r"selambat-lambatnya", r"mulai tahun", r"mulai bulan",
        r"akhir tahun", r"tahun ini", r"dalam waktu dekat", r"diharapkan", r"ditarget",
        r"diresmikan", r"akan segera")),
    ("personal", _phrases(
        r"saya", r"aku", r"gue", r"gua", r"beta", r"kami", r"kita",
        r"pribadi", r"merasa", r"rasanya", r"senang", r"bahagia", r"bangga", r"sedih",
        r"gembira", r"bersyukur", r"syukur", r"terharu", r"kecewa", r"khawatir", r"takut",
        r"cemas", r"lega", r"pengalaman", r"sejak kecil", r"dulu", r"rindu", r"kangen",
        r"suka", r"cinta", r"menikmati", r"terkejut", r"kaget", r"heran", r"bingung",
        r"capek", r"lelah", r"puas", r"nyaman")),
)


#: a law or regulation by name: ``UU Nomor 5 Tahun 2024``, ``Perpres No. 12/2025``,
#: ``Pasal 27 ayat (3)``
_LAW = re.compile(
    r"(?<![\w-])(?:(?:Undang-[Uu]ndang|UU|UUD|Perpres|Perppu|Perpu|Permen\w*|Perda|Pergub|"
    r"Perbup|Perwali?|Perkap|Perpol|Perma|PP|Keppres|Kepmen\w*|Inpres|Peraturan(?: [A-Z]\w+)+|"
    r"Keputusan(?: [A-Z]\w+)+|Surat Edaran(?: [A-Z]\w+)*|SE(?: [A-Z]\w+)*|Qanun)"
    r"(?:\s+(?:Nomor|No\.?|Nomer)\s*\d+(?:[/.]\d+)*(?:/[A-Za-z0-9.]+)*)"
    r"(?:\s+[Tt]ahun\s+\d{4})?"
    r"|(?:[Pp]asal)\s+\d+[A-Za-z]?(?:\s+[Aa]yat\s+\(?\d+\)?)*(?:\s+[Hh]uruf\s+[a-z])?)")


def signals(text: str, base: int = 0, published: date | None = None) -> tuple[Signal, ...]:
    """The signals of one quote's ``text``, with offsets shifted by ``base`` (pass the
    quote's ``start`` to get offsets into the submitted text). In text order; a quantity or a
    date hides the word signals inside it. ``published`` is the article's date, when known:
    the reference for relative dates (``kemarin``, ``Juli lalu``, ``tahun depan``), which get
    an ISO value only with it (by dateparser, called on the date spans read here only)."""
    out: list[Signal] = [Signal("rule", m.group(), base + m.start(), base + m.end())
                         for m in _LAW.finditer(text)]
    laws = [(m.start, m.end) for m in out]
    toks = [t for t in _tokens(text) if not any(a <= t.start < b for a, b in laws)]
    i = 0
    while i < len(toks):
        dated = _date(text, toks, i, base)
        if dated is not None:
            sig, j, q = dated
            if q.iso is None and q.query is not None and published is not None:
                sig = replace(sig, iso=resolve_date(q.query, q.prefer, published))
            out.append(sig)
            i = max(j, i + 1)
            continue
        got = _age(text, toks, i, base) or _quantity(text, toks, i, base)
        if got is not None:
            sig, j = got
            out.append(sig)
            i = max(j, i + 1)
        else:
            i += 1
    taken = [(s.start, s.end) for s in out]
    for kind, pattern in _WORD_SIGNALS:
        for m in pattern.finditer(text):
            s, e = base + m.start(), base + m.end()
            if kind == "rule" and m.group() in ("UU", "PP", "SE", "HET", "SOP") and \
                    not m.group().isupper():
                continue  # the acronyms only in capitals
            if any(a < e and s < b for a, b in taken):
                continue
            out.append(Signal(kind, m.group(), s, e))
            taken.append((s, e))
    out.sort(key=lambda s: (s.start, s.end))
    return tuple(out)


# --------------------------------------------------------------------------- features

_WORD = LETTER_WORD


def features(text: str, kind: str, sigs: Iterable[Signal]) -> dict[str, float]:
    """What the claim model reads of one quote: its signals (by type, unit and the words
    that make them; how quantities are written; a future marker with a specific time or
    amount), word groups that generalise past the words seen (:data:`_GROUPS`), its words
    (lower case), its kind and length."""
    f: dict[str, float] = {"bias:1": 1.0, f"kind:{kind}": 1.0}
    counts: dict[str, int] = {}
    quantities: list[Signal] = []
    for s in sigs:
        counts[s.type] = counts.get(s.type, 0) + 1
        if s.type == "quantity":
            quantities.append(s)
            f["sig:quantity_value" if s.value is not None else "sig:quantity_vague"] = 1.0
            if s.unit:
                f[f"unit:{s.unit}"] = 1.0
            if s.unit in ("year", "month", "day", "hour", "minute", "week"):
                f["unit:duration"] = 1.0
        elif s.type == "date":
            f["sig:date_iso" if s.iso else "sig:date_partial"] = 1.0
        else:
            f[f"cue:{s.type}:{s.text.lower()}"] = 1.0
    for k, v in counts.items():
        f[f"sig:{k}"] = 1.0
        f[f"sigs:{k}"] = math.log1p(v)
    if quantities:
        written = [bool(_DIGIT.search(s.text)) for s in quantities]
        f["q:digits" if any(written) else "q:words"] = 1.0
        f["q:unit" if any(s.unit for s in quantities) else "q:no_unit"] = 1.0
        if any(s.unit in ("IDR", "USD", "EUR", "percent") for s in quantities):
            f["q:money_or_percent"] = 1.0
        if not any(written) and all((s.value or 0) < 2 for s in quantities):
            f["q:only_one"] = 1.0
    if "future" in counts and ("date" in counts or "quantity" in counts):
        f["x:future_specific"] = 1.0
    if "future" in counts and "personal" in counts:
        f["x:future_first_person"] = 1.0
    raw_words = _WORD.findall(text)
    words = [w.lower() for w in raw_words]
    in_groups: dict[str, int] = {}
    for w in words:
        for group in _GROUP_OF.get(w, ()):
            in_groups[group] = in_groups.get(group, 0) + 1
    for group, n_in in in_groups.items():
        f[group] = math.log1p(n_in) if group != "group:day_name" else 1.0
    passive = sum(1 for w in words if _PASSIVE.fullmatch(w) and w not in _NOT_PASSIVE)
    if passive:
        f["shape:passive"] = math.log1p(passive)
    names = sum(1 for k, w in enumerate(raw_words) if k and w[:1].isupper())
    if names:
        f["shape:names"] = math.log1p(names)
    for w in words:
        f[f"w:{w}"] = 1.0
    if any(ch.isdigit() for ch in text):
        f["has:digit"] = 1.0
    if "?" in text:
        f["has:question"] = 1.0
    if "!" in text:
        f["has:exclamation"] = 1.0
    n = len(words)
    f["len:log"] = math.log1p(n)
    f["len:short" if n < 8 else "len:long" if n > 30 else "len:mid"] = 1.0
    return f


_DIGIT = re.compile(r"\d")
_PASSIVE = re.compile(r"di[a-z]{3,}(?:kan|i|nya)?")
_NOT_PASSIVE = frozenset(("dirinya", "diri", "dinas", "dini", "dialog", "diskusi", "direktur",
                          "dinamika", "digital", "disiplin", "diplomasi", "dia", "dian"))
#: word groups the model reads as one feature each (they generalise past the words seen)
_GROUPS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "hope": "harap berharap harapan harapkan diharapkan semoga mudah-mudahan moga ingin "
            "menginginkan mau berdoa doa doakan",
    "appeal": "mohon imbau mengimbau imbauan mari ayo ayolah tolong jangan hendaknya "
              "sebaiknya seharusnya mestinya perlu harus wajib silakan ajak mengajak "
              "minta meminta",
    "evaluation": "baik bagus luar biasa hebat penting strategis positif negatif tepat "
                  "wajar benar salah keliru sangat cukup kurang sayang disayangkan "
                  "menarik indah sukses prestasi",
    "thanks": "terima kasih apresiasi mengapresiasi berterima selamat bangga",
    "commitment": "berupaya upaya terus komitmen berkomitmen siap mendukung dukung dukungan "
                  "berusaha mengupayakan konsisten serius fokus memastikan pastikan",
    "modal": "bisa dapat mungkin kemungkinan barangkali bisa-bisa mampu boleh",
    "past": "sudah telah sempat pernah tadi kemarin lalu sebelumnya semalam baru saja "
            "akhirnya",
    "negation": "tidak tak bukan belum tanpa enggak nggak gak",
    "exist": "ada terdapat adalah merupakan yaitu yakni berupa sebagai",
    "police": "ditangkap diamankan tersangka pelaku korban tewas meninggal luka polisi "
              "penyidik diperiksa ditahan dilaporkan laporan barang bukti kejadian",
    "question": "apa apakah bagaimana mengapa kenapa siapa kapan mana berapa",
    "particle": "lah kok dong sih deh kan ya nih tuh loh lho",
    # reporting what happened: the verbs of events, arrests, deaths, accidents, transactions
    "event_verb": "ditangkap diamankan ditahan ditemukan terjadi meninggal tewas tenggelam "
                  "terbakar dilaporkan menerima diterima mengirim dikirim membeli dibeli "
                  "menjual dijual melakukan dilakukan digelar menggelar mengeluarkan "
                  "dikeluarkan menetapkan ditetapkan mencabut dicabut membangun dibangun "
                  "memberikan diberikan mendapat mendapatkan memperoleh menandatangani "
                  "ditandatangani mengikuti hadir datang tiba berangkat dievakuasi evakuasi "
                  "mengalami menyerahkan diserahkan dipecat diperiksa memeriksa menemukan "
                  "menangkap kehilangan hilang rusak ambruk roboh banjir longsor kecelakaan "
                  "terbalik divonis dijatuhi dihukum dilantik melantik diresmikan meresmikan "
                  "menyerang diserang membunuh dibunuh",
    "past_time": "kemarin tadi semalam lalu silam sebelumnya dulu pernah sempat sejak "
                 "awalnya akhirnya kala",
    "state": "ada terdapat tidak belum masih sudah telah sedang tengah",
    "opinion": "menurut kira rasa pikir yakin percaya nilai menilai anggap menganggap "
               "sepertinya tampaknya seolah",
    "evaluative": "penting baik bagus buruk hebat luar biasa tepat strategis positif negatif "
                  "vital utama bijak wajar layak pantas perlu mendesak signifikan serius "
                  "berbahaya efektif optimal maksimal",
    "intention": "terus berupaya upaya berkomitmen komitmen siap mendorong mendukung akan "
                 "berusaha memastikan mengoptimalkan meningkatkan memperkuat mengembangkan "
                 "menjaga",
    "first_person": "saya aku kami kita gue gua",
    "conditional": "bisa dapat mampu mungkin jika kalau apabila bila seandainya andai asal",
    "vague_amount": "banyak sedikit sebagian seluruh semua beberapa sejumlah mayoritas "
                    "minoritas jarang sering hampir sekitar kurang lebih puluhan ratusan "
                    "ribuan jutaan",
    "procedure": "proses mekanisme tahap tahapan prosedur verifikasi penyelidikan penyidikan "
                 "ketentuan syarat aturan peraturan kewajiban wajib harus dilarang larangan "
                 "izin sanksi hukum hukuman pidana denda",
    "future": "akan bakal nanti nantinya segera besok lusa depan mendatang target rencana "
              "direncanakan dijadwalkan diperkirakan diprediksi proyeksi",
    "cause": "karena sebab akibat sehingga menyebabkan disebabkan dipicu memicu berdampak "
             "dampak imbas lantaran gara-gara penyebab faktor pengaruh mempengaruhi "
             "memengaruhi berkorelasi kaitan risiko",
}.items()}


#: each word -> the groups it is in (``group:NAME`` feature names), for one pass over a quote
_GROUP_OF: dict[str, tuple[str, ...]] = {}
for _name, _members in [*_GROUPS.items(), ("day_name", _DAYS)]:
    for _w in _members:
        _GROUP_OF[_w] = (*_GROUP_OF.get(_w, ()), f"group:{_name}")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Head:
    """One logistic regression: ``sigmoid(bias + sum of weights[f] * value)``."""

    weights: Mapping[str, float]
    bias: float

    def probability(self, f: Mapping[str, float]) -> float:
        get = self.weights.get
        z = self.bias + sum([get(k, 0.0) * v for k, v in f.items()])
        if z < -30:
            return 0.0
        if z > 30:
            return 1.0
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class ClaimModel:
    """The checkable head (whose probability is the claim's ``score``) and one head per
    claim type, with the cut the checkable probability must reach and each type's cut
    (``type_thresholds``, chosen inside the training folds; ``type_threshold`` for a type
    without one)."""

    checkable: Head
    types: Mapping[str, Head]
    threshold: float = 0.5
    type_threshold: float = 0.5
    name: str = "claims model"
    type_thresholds: Mapping[str, float] = field(default_factory=dict)

    def decide(self, text: str, kind: str, sigs: Sequence[Signal]) -> Claim:
        f = features(text, kind, sigs)
        score = self.checkable.probability(f)
        probs = {t: h.probability(f) for t, h in self.types.items()}
        cuts: dict[str, float] = {t: self.type_thresholds.get(t, self.type_threshold)
                                  for t in CLAIM_TYPES}
        return _claim(score, probs, self.threshold, cuts, sigs)


def _claim(score: float, probs: Mapping[str, float], threshold: float,
           type_threshold: float | Mapping[str, float], sigs: Sequence[Signal]) -> Claim:
    """The claim from the checkable probability and the types' ones, made consistent: a
    checkable quote has at least one checkable type (its most probable), a quote that is not
    has none; ``personal`` only alone. ``type_threshold``: one cut, or one per type."""
    def cut(t: str) -> float:
        if isinstance(type_threshold, Mapping):
            return float(type_threshold.get(t, 0.5))
        return type_threshold

    checkable = score >= threshold
    types: list[ClaimType]
    if checkable:
        types = [t for t in CHECKABLE_TYPES if probs.get(t, 0.0) >= cut(t)]
        if not types:
            types = [max(CHECKABLE_TYPES, key=lambda t: probs.get(t, 0.0))]
    else:
        types = ["personal"] if probs.get("personal", 0.0) >= cut("personal") else []
    return Claim(checkable, round(score, 3), tuple(types), shown(sigs, types))


#: the claim types a signal of each type speaks for (a date: any checkable one)
SIGNAL_FOR: dict[str, frozenset[str]] = {
    "quantity": frozenset(("quantity",)), "comparison": frozenset(("quantity",)),
    "cause": frozenset(("cause",)), "rule": frozenset(("rule",)),
    "future": frozenset(("prediction",)), "date": frozenset(CHECKABLE_TYPES),
    "personal": frozenset(("personal",)),
}


def shown(sigs: Sequence[Signal], types: Iterable[str]) -> tuple[Signal, ...]:
    """The signals that speak for the decided types (a "harus" of an appeal is not shown as a
    rule; a number is shown whenever the quote makes a quantity claim)."""
    wanted = set(types)
    return tuple(s for s in sigs if SIGNAL_FOR[s.type] & wanted)


def to_json(model: ClaimModel, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    def head(h: Head) -> dict[str, Any]:
        names = sorted(h.weights)
        return {"features": names, "weights": [h.weights[k] for k in names], "bias": h.bias}

    return {"name": model.name, "threshold": model.threshold,
            "type_threshold": model.type_threshold,
            "type_thresholds": dict(sorted(model.type_thresholds.items())),
            "checkable": head(model.checkable),
            "types": {t: head(h) for t, h in sorted(model.types.items())}, **(extra or {})}


def from_json(data: Mapping[str, Any]) -> ClaimModel:
    def head(d: Mapping[str, Any]) -> Head:
        return Head(dict(zip(d["features"], (float(w) for w in d["weights"]), strict=True)),
                    float(d["bias"]))

    return ClaimModel(head(data["checkable"]), {t: head(d) for t, d in data["types"].items()},
                      float(data.get("threshold", 0.5)), float(data.get("type_threshold", 0.5)),
                      str(data.get("name", "claims model")),
                      {str(t): float(v) for t, v in data.get("type_thresholds", {}).items()})


class ClaimModelError(RuntimeError):
    """The claims model file is unreadable or does not match its recorded sha256."""


MODEL_DIR = Path(__file__).resolve().parent / "models" / "id"
MODEL_FILE = MODEL_DIR / "claims.json"
MANIFEST_FILE = MODEL_DIR / "manifest.json"


def load(path: Path, sha256: str | None = None) -> ClaimModel:
    """Read a claims model (JSON: no code runs); check its sha256 when one is given."""
    return load_weights(path, sha256, from_json, "claims model", "scripts/train_claims.py",
                        ClaimModelError)


@lru_cache(maxsize=1)
def shipped() -> ClaimModel | None:
    """The shipped model (``claims_model`` in the manifest), ``None`` when none is shipped."""
    entry = manifest_entry(MANIFEST_FILE, "claims_model", ClaimModelError)
    return None if entry is None else load(*entry)


def rule_claim(sigs: Sequence[Signal]) -> Claim:
    """The signals' own guess, when no model is shipped: checkable with a number, a cause, a
    rule or a future marker with a date; personal with only first-person markers."""
    kinds = {s.type for s in sigs}
    types: list[ClaimType] = []
    if "quantity" in kinds or "comparison" in kinds:
        types.append("quantity")
    if "cause" in kinds:
        types.append("cause")
    if "rule" in kinds:
        types.append("rule")
    if "future" in kinds and ("date" in kinds or "quantity" in kinds):
        types.append("prediction")
    if not types and "personal" in kinds:
        types.append("personal")
    checkable = any(t != "personal" for t in types)
    return Claim(checkable, 0.8 if checkable else 0.3, tuple(types), shown(sigs, types))


def claim_of(text: str, start: int, kind: str, model: ClaimModel | None = None,
             published: date | None = None) -> Claim:
    """The claim of one quote: ``text`` is the quote (``submitted[start:start+len(text)]``),
    ``kind`` its type (direct / indirect / mixed). ``model`` defaults to the shipped one;
    ``published`` is the article's date, when the caller knows it."""
    sigs = signals(text, start, published)
    model = shipped() if model is None else model
    if model is None:
        return rule_claim(sigs)
    return model.decide(text, kind, sigs)
