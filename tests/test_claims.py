"""Claims: the signals read from a quote (numbers with value and unit, dates, laws, cues), the
decision's consistency and the shipped model file."""

from __future__ import annotations

import hashlib
import json

import pytest

from quotes import claims
from quotes.model import Signal

# (expression inside a sentence, the quantity's text, value, max, unit); written for this
# table, none taken from the evaluation articles
QUANTITIES: list[tuple[str, str, float | None, float | None, str | None]] = [
    ("inflasi Juli 2,5 persen", "2,5 persen", 2.5, None, "percent"),
    ("naik 12% dari tahun lalu", "12%", 12.0, None, "percent"),
    ("sebesar 0,75 persen", "0,75 persen", 0.75, None, "percent"),
    ("tumbuh 5,05 persen", "5,05 persen", 5.05, None, "percent"),
    ("sekitar 4–10 persen", "4–10 persen", 4.0, 10.0, "percent"),
    ("antara 3-5 persen", "3-5 persen", 3.0, 5.0, "percent"),
    ("20 hingga 30 persen warga", "20 hingga 30 persen", 20.0, 30.0, "percent"),
    ("harga Rp 150 ribu per sak", "Rp 150 ribu", 150_000.0, None, "IDR"),
    ("Rp150.000 per orang", "Rp150.000", 150_000.0, None, "IDR"),
    ("senilai Rp 2,3 triliun", "Rp 2,3 triliun", 2.3e12, None, "IDR"),
    ("anggaran Rp 5 miliar", "Rp 5 miliar", 5e9, None, "IDR"),
    ("kerugian Rp 1,2 M", "Rp 1,2 M", 1.2e9, None, "IDR"),
    ("dana Rp. 750 juta", "Rp. 750 juta", 750e6, None, "IDR"),
    ("Rp 10.500 per liter", "Rp 10.500", 10_500.0, None, "IDR"),
    ("Rp 1.250.000,50 saja", "Rp 1.250.000,50", 1_250_000.5, None, "IDR"),
    ("sebesar 500 ribu rupiah", "500 ribu rupiah", 500_000.0, None, "IDR"),
    ("ekspor US$ 1,5 miliar", "US$ 1,5 miliar", 1.5e9, None, "USD"),
    ("sekitar 300 juta dolar AS", "300 juta dolar AS", 300e6, None, "USD"),
    ("produksi 1,2 juta ton beras", "1,2 juta ton", 1.2e6, None, "tonne"),
    ("stok 20.000 ton", "20.000 ton", 20_000.0, None, "tonne"),
    ("seberat 3,5 kg", "3,5 kg", 3.5, None, "kg"),
    ("gas elpiji tiga kilogram", "tiga kilogram", 3.0, None, "kg"),
    ("sepanjang 12 kilometer", "12 kilometer", 12.0, None, "km"),
    ("jarak 150 km dari pantai", "150 km", 150.0, None, "km"),
    ("lahan 250 hektare", "250 hektare", 250.0, None, "ha"),
    ("seluas 1.500 ha", "1.500 ha", 1500.0, None, "ha"),
    ("gedung 40 meter persegi", "40 meter persegi", 40.0, None, "m2"),
    ("air 5.000 liter", "5.000 liter", 5000.0, None, "litre"),
    ("listrik 100 MW", "100 MW", 100.0, None, "MW"),
    ("tiga orang tewas", "tiga orang", 3.0, None, "people"),
    ("sebanyak 20.000 warga mengungsi", "20.000 warga", 20_000.0, None, "people"),
    ("lima belas korban", "lima belas korban", 15.0, None, "people"),
    ("dua puluh lima siswa", "dua puluh lima siswa", 25.0, None, "people"),
    ("seratus dua puluh peserta", "seratus dua puluh peserta", 120.0, None, "people"),
    ("dua ratus lima puluh ribu penduduk", "dua ratus lima puluh ribu penduduk", 250_000.0,
     None, "people"),
    ("seribu lima ratus pekerja", "seribu lima ratus pekerja", 1500.0, None, "people"),
    ("sebelas pasien sembuh", "sebelas pasien", 11.0, None, "people"),
    ("empat tersangka ditangkap", "empat tersangka", 4.0, None, "people"),
    ("delapan kepala keluarga", "delapan", 8.0, None, None),
    ("300 KK terdampak", "300 KK", 300.0, None, "households"),
    ("naik dua kali lipat", "dua kali lipat", 2.0, None, "factor"),
    ("tiga kali lipat dari sebelumnya", "tiga kali lipat", 3.0, None, "factor"),
    ("sudah lima kali diperiksa", "lima kali", 5.0, None, "times"),
    ("divonis lima tahun penjara", "lima tahun", 5.0, None, "year"),
    ("selama 18 bulan", "18 bulan", 18.0, None, "month"),
    ("dalam 14 hari", "14 hari", 14.0, None, "day"),
    ("sekitar 3 jam", "3 jam", 3.0, None, "hour"),
    ("berlangsung 45 menit", "45 menit", 45.0, None, "minute"),
    ("tersangka APSD (22) ditangkap", "22", 22.0, None, "year"),
    ("ada 1,5 juta penumpang", "1,5 juta penumpang", 1.5e6, None, "people"),
    ("sekitar 2 juta lapangan kerja", "2 juta", 2e6, None, None),
    ("1-2 juta orang", "1-2 juta orang", 1e6, 2e6, "people"),
    ("setengah dari anggaran", "setengah", None, None, None),
    ("puluhan rumah rusak", "puluhan rumah", None, None, "houses"),
    ("ratusan orang hadir", "ratusan orang", None, None, "people"),
    ("ribuan ton sampah", "ribuan ton", None, None, "tonne"),
    ("mencabut empat IUP", "empat", 4.0, None, None),
    ("menerima 1.200 laporan", "1.200", 1200.0, None, None),
    ("skor 25,9 pada indeks", "25,9", 25.9, None, None),
    ("suhu 38 derajat", "38 derajat", 38.0, None, "degree"),
    ("15 unit kendaraan", "15 unit", 15.0, None, "unit"),
    ("sebanyak 7 kapal", "7 kapal", 7.0, None, "ships"),
    ("meraih 120 kursi", "120 kursi", 120.0, None, "seats"),
    ("turun 0,5 poin", "0,5 poin", 0.5, None, "points"),
    ("sembilan desa terendam", "sembilan desa", 9.0, None, "villages"),
]
# "setengah" alone is rarely a quantity the quote asserts: it is not read
QUANTITIES = [q for q in QUANTITIES if q[1] != "setengah"]


def quantities(text: str) -> list[Signal]:
    return [s for s in claims.signals(text) if s.type == "quantity"]


@pytest.mark.parametrize(("sentence", "span", "value", "high", "unit"), QUANTITIES)
def test_quantities_are_read(sentence: str, span: str, value: float | None,
                             high: float | None, unit: str | None) -> None:
    found = quantities(sentence)
    assert [s.text for s in found] == [span]
    s = found[0]
    assert sentence[s.start : s.end] == span
    if value is None:
        assert s.value is None
    else:
        assert s.value == pytest.approx(value)
    assert s.max == (pytest.approx(high) if high is not None else None)
    assert s.unit == unit


def test_the_table_is_long_enough() -> None:
    assert len(QUANTITIES) + len(NOT_QUANTITIES) + len(DATES) >= 60


# not quantities: clock times, years, document numbers, ordinals, names
NOT_QUANTITIES = [
    "tiba pukul 10.00 WIB",
    "sekitar jam 01.00 dini hari",
    "pada tahun 2024 lalu",
    "sesuai UU Nomor 5 Tahun 2024",
    "Pasal 27 ayat (3) melarang",
    "Presiden ke-7 Joko Widodo",
    "jet tempur F-16 itu",
    "kecelakaan di KM 65 tol",
    "salah satu pelaku",
    "satu-satunya jalan",
]


@pytest.mark.parametrize("sentence", NOT_QUANTITIES)
def test_not_quantities(sentence: str) -> None:
    assert quantities(sentence) == []


DATES = [
    ("diresmikan 17 Agustus 2025", "17 Agustus 2025", "2025-08-17"),
    ("inflasi Juli 2025 naik", "Juli 2025", "2025-07"),
    ("sejak 2019 ditutup", "2019", "2019"),
    ("sidang 3 Maret mendatang", "3 Maret", None),
    ("per 1 Januari 2026", "1 Januari 2026", "2026-01-01"),
]


@pytest.mark.parametrize(("sentence", "span", "iso"), DATES)
def test_dates(sentence: str, span: str, iso: str | None) -> None:
    dates = [s for s in claims.signals(sentence) if s.type == "date"]
    assert [(s.text, s.iso) for s in dates] == [(span, iso)]


@pytest.mark.parametrize(("words", "value"), [
    ("dua ratus lima puluh ribu", 250_000), ("tiga belas", 13), ("sebelas", 11),
    ("seratus", 100), ("dua juta", 2_000_000), ("satu setengah", 1.5), ("nol", 0),
    ("sembilan puluh sembilan", 99), ("seribu sembilan ratus", 1900),
])
def test_number_words(words: str, value: float) -> None:
    assert claims.parse_words(words.split()) == pytest.approx(value)


@pytest.mark.parametrize(("raw", "value"), [
    ("20.000", 20000), ("2,5", 2.5), ("1.250.000,75", 1250000.75), ("2.5", 2.5),
    ("1.000", 1000), ("7", 7),
])
def test_digits(raw: str, value: float) -> None:
    assert claims.parse_digits(raw) == pytest.approx(value)


@pytest.mark.parametrize(("sentence", "kind", "span"), [
    ("banjir disebabkan alih fungsi lahan", "cause", "disebabkan"),
    ("ditutup karena hujan deras", "cause", "karena"),
    ("akibat kebiasaan pemilik", "cause", "akibat"),
    ("sesuai Perpres Nomor 5 Tahun 2025", "rule", "Perpres Nomor 5 Tahun 2025"),
    ("pedagang wajib memiliki izin", "rule", "wajib"),
    ("dilarang menjual di atas HET", "rule", "dilarang"),
    ("harga akan naik tahun depan", "future", "tahun depan"),
    ("gedung itu bakal diresmikan", "future", "bakal"),
    ("jumlahnya terbesar se-Asia Tenggara", "comparison", "terbesar"),
    ("lebih tinggi dari tahun lalu", "comparison", "lebih tinggi"),
    ("saya sudah lama tinggal di sini", "personal", "saya"),
])
def test_word_signals(sentence: str, kind: str, span: str) -> None:
    found = [s for s in claims.signals(sentence) if s.type == kind]
    assert span in [s.text for s in found]
    for s in found:
        assert sentence[s.start : s.end] == s.text


def test_offsets_shift_into_the_submitted_text() -> None:
    text = 'Budi berkata, "Harga beras naik 2,5 persen karena panen gagal," kemarin.'
    start = text.index("Harga")
    quote = text[start : text.index('"', start)]
    sigs = claims.signals(quote, start)
    assert {s.type for s in sigs} >= {"quantity", "cause", "comparison"}
    for s in sigs:
        assert text[s.start : s.end] == s.text


def test_decision_is_consistent() -> None:
    head = claims.Head({}, 0.0)
    # a checkable score with no type over the cut: the most probable checkable type
    c = claims._claim(0.8, {"quantity": 0.3, "event": 0.4, "personal": 0.9}, 0.5, 0.5, ())
    assert c.checkable and c.types == ("event",)
    # not checkable: no checkable type, personal only alone
    c = claims._claim(0.2, {"quantity": 0.9, "personal": 0.7}, 0.5, 0.5, ())
    assert not c.checkable and c.types == ("personal",)
    assert head.probability({"x": 1.0}) == 0.5


@pytest.mark.parametrize("text", [
    "Inflasi Juli 2,5 persen, naik dari 2,1 persen bulan lalu",
    "Kami berharap warga tetap tenang",
    "Pelaku sudah ditangkap dan kini ditahan di Polres",
    "Saya senang sekali bisa hadir di sini",
])
def test_every_claim_is_well_formed(text: str) -> None:
    c = claims.claim_of(text, 0, "direct")
    assert 0.0 <= c.score <= 1.0
    assert c.checkable == any(t != "personal" for t in c.types)
    assert not ("personal" in c.types and len(c.types) > 1)
    for s in c.signals:
        assert text[s.start : s.end] == s.text


def test_the_shipped_model_matches_its_sha256() -> None:
    manifest = json.loads(claims.MANIFEST_FILE.read_text(encoding="utf-8"))
    entry = manifest["claims_model"]
    raw = (claims.MODEL_DIR / entry["file"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
    model = claims.shipped()
    assert model is not None
    assert set(model.types) == set(claims.CLAIM_TYPES)


def test_a_number_claim_and_an_appeal() -> None:
    number = claims.claim_of("Inflasi Juli 2,5 persen, naik dari 2,1 persen bulan lalu", 0,
                             "direct")
    appeal = claims.claim_of("Kami berharap warga tetap tenang dan tidak panik", 0, "direct")
    assert number.checkable and "quantity" in number.types
    # the appeal is scored lower; the model is not sure enough to call it uncheckable (about
    # 0.6: its leave-one-outlet-out kappa is 0.42, see scripts/train_claims.py)
    assert number.score > appeal.score + 0.2
