"""Synthetic donors and samples for a node, vectorised with numpy and reproducible by seed.

Disease prevalences are plausible orders of magnitude for adults in the region (not statistics to cite):
they exist so that federated counts look like a real biobank's, with more hepatitis B, stomach and liver
cancer in the Chinese profile and Chinese clinical extension codes (``E11.900x001``) next to WHO codes.

The Locator's measures and statuses (core/vocab/locator.py) follow published population figures, looked up
2026-11-30 (``ANTHROPOMETRY`` and ``SMOKING`` say which number comes from where):

- EU BMI: 52.7 % of adults overweight (BMI ≥ 25), 17 % obese (≥ 30), European health interview survey 2019,
  Eurostat, https://ec.europa.eu/eurostat/statistics-explained/index.php/Overweight_and_obesity_-_BMI_statistics
  and https://ec.europa.eu/eurostat/web/products-eurostat-news/-/ddn-20210721-2 (read in copies of the news).
- China BMI: 34.3 % overweight (BMI 24–27.9, Chinese criteria) and 16.4 % obese (≥ 28) among adults,
  2015–19, Pan, Wang & Pan, Lancet Diabetes Endocrinol 2021,
  https://www.thelancet.com/journals/landia/article/PIIS2213-8587(21)00045-0/fulltext (China Chronic
  Disease and Risk Factor Surveillance: Wang et al., Lancet 2021, https://doi.org/10.1016/S0140-6736(21)00798-4).
- EU smoking: 18.4 % daily cigarette smokers aged 15+ (men 22.3 %, women 14.8 %; 5.9 % smoke 20 or more a
  day), EHIS 2019, https://ec.europa.eu/eurostat/statistics-explained/index.php/Tobacco_consumption_statistics
  (read in copies); occasional smokers 4.7 % from EHIS 2014 (Eurostat news, read in a trade-press copy).
- China smoking: current smokers 26.6 % aged 15+ (men 50.5 %, women 2.1 %; daily 44.4 % / 1.6 %), quit
  ratio 20.1 %, China Adult Tobacco Survey 2018 (GATS), table in https://svn.bmj.com/ and the survey's
  abstract (Li et al.); former-smoker shares are derived from the quit ratio.
- Unverified (our assumptions, no figure confirmed): mean heights (orders of magnitude of NCD-RisC, eLife
  2016, https://doi.org/10.7554/eLife.13410, per-country figures not read), EU former-smoker shares, and the
  fasting shares of blood samples (a biobank protocol choice, not a population statistic).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import numpy.typing as npt

from ic2permed.core.errors import ValidationFailed
from ic2permed.core.vocab import locator
from ic2permed.federation.node import units
from ic2permed.federation.node.store import SEX_FEMALE, SEX_MALE, insert_columns, write_new

_Z = NormalDist()
EPOCH_2005 = 12784  # days from 1970-01-01 to 2005-01-01
SPAN_DAYS = 20 * 365

# (code, EU prevalence, CN prevalence, sex: None | "F" | "M")
DISEASES: tuple[tuple[str, float, float, str | None], ...] = (
    ("E11.9", 0.07, 0.08, None),
    ("E11.900X001", 0.0, 0.03, None),
    ("E10.9", 0.006, 0.003, None),
    ("E14.9", 0.004, 0.006, None),
    ("I10", 0.22, 0.25, None),
    ("E78.5", 0.14, 0.09, None),
    ("I25.1", 0.05, 0.03, None),
    ("I63.9", 0.02, 0.03, None),
    ("C50.9", 0.03, 0.015, "F"),
    ("C61", 0.03, 0.01, "M"),
    ("C34.9", 0.006, 0.012, None),
    ("C16.9", 0.002, 0.009, None),
    ("C22.0", 0.001, 0.006, None),
    ("C18.9", 0.006, 0.005, None),
    ("B18.1", 0.003, 0.06, None),
    ("K74.6", 0.005, 0.008, None),
    ("J45.9", 0.07, 0.04, None),
    ("J44.9", 0.04, 0.07, None),
    ("F32.9", 0.07, 0.03, None),
    ("F31.8", 0.01, 0.005, None),
    ("F20.9", 0.004, 0.005, None),
    ("G30.9", 0.012, 0.01, None),
    ("N18.3", 0.04, 0.05, None),
    ("M81.0", 0.04, 0.04, "F"),
)

# MIABIS material type → (share of samples, storage °C, UBERON origin)
MATERIALS: tuple[tuple[str, float, int, str], ...] = (
    ("SERUM", 0.20, -80, "UBERON:0001977"),
    ("PLASMA", 0.19, -80, "UBERON:0001969"),
    ("WHOLE_BLOOD", 0.12, -80, "UBERON:0000178"),
    ("BUFFY_COAT", 0.06, -80, "UBERON:0000178"),
    ("DNA", 0.12, -20, "UBERON:0000178"),
    ("RNA", 0.04, -80, "UBERON:0000178"),
    ("TISSUE_FROZEN", 0.05, -196, "UBERON:0000479"),
    ("TISSUE_PARAFFIN_EMBEDDED", 0.08, 20, "UBERON:0000479"),
    ("URINE", 0.07, -80, "UBERON:0001088"),
    ("SALIVA", 0.03, -80, "UBERON:0001836"),
    ("FECES", 0.03, -80, "UBERON:0001988"),
    ("PERIPHERAL_BLOOD_CELLS", 0.01, -196, "UBERON:0000178"),
)


# profile -> (height mean/sd cm for women, for men (unverified); BMI (threshold, share at or above) twice)
ANTHROPOMETRY: dict[str, tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]] = {
    "eu": ((165.0, 6.5), (178.0, 7.0), (25.0, 0.527), (30.0, 0.17)),  # Eurostat EHIS 2019
    "cn": ((158.0, 6.0), (170.0, 6.5), (24.0, 0.507), (28.0, 0.164)),  # Pan et al. 2021: 34.3 % + 16.4 %
}
# profile -> sex -> shares of (daily, some days, former, never, unknown if ever smoked); never = the rest
SMOKING: dict[str, dict[str, tuple[float, float, float, float]]] = {
    # EHIS 2019 daily by sex; occasional 4.7 % (EHIS 2014); former shares unverified; 2 % unknown
    "eu": {"F": (0.148, 0.045, 0.17, 0.02), "M": (0.223, 0.05, 0.22, 0.02)},
    # GATS China 2018: daily 1.6 % / 44.4 %, current 2.1 % / 50.5 %, former = current × 0.201 / 0.799
    "cn": {"F": (0.016, 0.005, 0.005, 0.01), "M": (0.444, 0.061, 0.127, 0.01)},
}
SMOKING_ANSWERS = ("daily", "some_days", "former", "unknown", "never")
BLOOD = ("SERUM", "PLASMA", "WHOLE_BLOOD", "BUFFY_COAT", "PERIPHERAL_BLOOD_CELLS")
# profile -> shares of blood samples (fasting, not fasting, not asked): unverified protocol assumptions
FASTING: dict[str, tuple[float, float, float]] = {"eu": (0.45, 0.35, 0.20), "cn": (0.70, 0.20, 0.10)}


@dataclass(frozen=True)
class Profile:
    prefix: str
    ethnicity: tuple[tuple[str, float], ...]
    geo: tuple[tuple[str, float], ...]


PROFILES = {
    "eu": Profile(
        "EU",
        (("NCIT:C41261", 0.86), ("NCIT:C41260", 0.05), ("NCIT:C16352", 0.05), ("NCIT:C17459", 0.04)),
        (("GAZ:00002646", 0.4), ("GAZ:00002641", 0.3), ("GAZ:00002650", 0.3)),
    ),
    "cn": Profile("CN", (("NCIT:C41260", 0.99), ("NCIT:C41261", 0.01)), (("GAZ:00002845", 1.0),)),
}


@dataclass(frozen=True)
class SynthSummary:
    donors: int
    samples: int
    diagnoses: int
    seed: int
    profile: str


def _choice(rng: np.random.Generator, n: int, shares: list[float]) -> npt.NDArray[np.int8]:
    p = np.asarray(shares, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int8)


def _lognormal_through(rng: np.random.Generator, n: int, low: tuple[float, float], high: tuple[float, float]) -> Any:
    """A log-normal whose share above each (threshold, share) matches the survey's."""
    z_low, z_high = (float(_Z.inv_cdf(1 - share)) for _, share in (low, high))
    sigma = float(np.log(high[0] / low[0])) / (z_high - z_low)
    mu = float(np.log(low[0])) - z_low * sigma
    return rng.lognormal(mu, sigma, n)


def _body(rng: np.random.Generator, profile: str, female: npt.NDArray[np.bool_]) -> tuple[Any, Any, Any]:
    """(height cm, weight kg, BMI kg/m²), BMI from the survey shares and weight from BMI × height²."""
    (f_mean, f_sd), (m_mean, m_sd), low, high = ANTHROPOMETRY[profile]
    n = female.size
    height = np.where(female, rng.normal(f_mean, f_sd, n), rng.normal(m_mean, m_sd, n)).clip(135, 210)
    bmi = np.clip(_lognormal_through(rng, n, low, high), 14, 70)
    weight = bmi * (height / 100) ** 2
    return np.round(height, 1), np.round(weight, 1), np.round(bmi, 1)


def _smoking(rng: np.random.Generator, profile: str, female: npt.NDArray[np.bool_]) -> npt.NDArray[np.int8]:
    """Index into SMOKING_ANSWERS per donor, by sex."""
    found = np.zeros(female.size, dtype=np.int8)
    for sex, who in (("F", female), ("M", ~female)):
        daily, some, former, unknown = SMOKING[profile][sex]
        found[who] = _choice(rng, int(who.sum()), [daily, some, former, unknown, 1 - daily - some - former - unknown])
    return found


def _write_locator(
    con: Any, first_day: Any, age0: Any, body: tuple[Any, Any, Any], smoking: Any, fasting: tuple[Any, ...]
) -> None:
    """BMI, weight, height and smoking status at the first visit; fasting status of each blood sample."""
    n = smoking.size
    dates = first_day.astype("datetime64[D]")
    common = {"individual_pk": np.arange(n, dtype=np.int32), "date": dates, "age": age0}
    for key, values, unit in zip(
        ("body_height", "body_weight", "bmi"), body, (units.CENTIMETER, units.KILOGRAM, units.KG_PER_M2), strict=True
    ):
        insert_columns(
            con, "measures", {**common, "assay": locator.criterion(key).beacon_id, "value": values, "unit": unit}
        )
    status = locator.criterion("smoking_status")
    answers = [status.choice(key).value for key in SMOKING_ANSWERS]
    insert_columns(
        con, "measures", {**common, "assay": status.beacon_id, "value_term": np.asarray(answers, dtype=object)[smoking]}
    )
    sample_pk, s_pk, s_day, s_age, chosen = fasting
    status = locator.criterion("fasting_status")
    values = np.asarray([c.value for c in status.choices], dtype=object)[chosen]
    insert_columns(
        con,
        "measurements",
        {
            "biosample_pk": sample_pk,
            "individual_pk": s_pk[sample_pk],
            "assay": status.beacon_id,
            "value_term": values,
            "date": s_day[sample_pk].astype("datetime64[D]"),
            "age": s_age[sample_pk],
        },
    )


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


Step = Callable[[str, int], None]  # (what is being done now, percent done before it)


def _silent(_stage: str, _percent: int) -> None:
    return None


def synthesise(
    path: Path, donors: int, profile: str = "eu", seed: int = 1, name: str | None = None, step: Step = _silent
) -> SynthSummary:
    """Write a new node file with `donors` synthetic donors (swapped in atomically); `step` reports progress."""
    if profile not in PROFILES:
        raise ValidationFailed(f"unknown profile {profile!r} (eu or cn)")
    if donors < 1:
        raise ValidationFailed("--donors must be at least 1")
    spec = PROFILES[profile]
    column = 1 if profile == "eu" else 2
    step("drawing donors", 0)
    rng = np.random.default_rng(seed)
    n = donors

    female = rng.random(n) < 0.51
    age0 = np.clip(rng.normal(52, 16, n), 18, 95).astype(np.int16)
    first_day = (EPOCH_2005 + rng.integers(0, SPAN_DAYS, n)).astype(np.int32)
    eth_codes = [c for c, _ in spec.ethnicity]
    eth = _choice(rng, n, [s for _, s in spec.ethnicity])
    geo_codes = [c for c, _ in spec.geo]
    geo = _choice(rng, n, [s for _, s in spec.geo])

    # Diagnoses: independent per disease, prevalence rising with age.
    age_factor = np.clip(0.25 + (age0 - 20) / 40.0, 0.2, 2.5)
    d_pk: list[npt.NDArray[np.int32]] = []
    d_code: list[npt.NDArray[np.int16]] = []
    for index, (_code, eu, cn, sex) in enumerate(DISEASES):
        prevalence = (eu, cn)[column - 1]
        if prevalence <= 0:
            continue
        hit = rng.random(n) < prevalence * age_factor
        if sex == "F":
            hit &= female
        elif sex == "M":
            hit &= ~female
        who = np.nonzero(hit)[0].astype(np.int32)
        d_pk.append(who)
        d_code.append(np.full(who.size, index, dtype=np.int16))
    dis_pk = np.concatenate(d_pk) if d_pk else np.zeros(0, np.int32)
    dis_code = np.concatenate(d_code) if d_code else np.zeros(0, np.int16)
    years_before = rng.integers(0, 16, dis_pk.size).astype(np.int16)
    dis_age = np.maximum(age0[dis_pk] - years_before, 1).astype(np.int16)
    dis_day = (first_day[dis_pk] - years_before.astype(np.int32) * 365 - rng.integers(0, 365, dis_pk.size)).astype(
        np.int32
    )

    # Samples: one at the first visit, more at later visits.
    per_donor = 1 + np.minimum(rng.poisson(1.6, n), 7)
    s_pk = np.repeat(np.arange(n, dtype=np.int32), per_donor)
    m = s_pk.size
    starts = np.concatenate(([0], np.cumsum(per_donor)[:-1]))
    offset = rng.integers(0, 5 * 365, m).astype(np.int32)
    offset[starts] = 0
    s_day = first_day[s_pk] + offset
    s_age = (age0[s_pk] + offset // 365).astype(np.int16)
    material = _choice(rng, m, [share for _, share, _, _ in MATERIALS])
    temps = np.asarray([t for _, _, t, _ in MATERIALS], dtype=np.int16)[material]

    body = _body(rng, profile, female)
    smoking = _smoking(rng, profile, female)
    fasting_pk = np.nonzero(np.isin(material, [i for i, (c, *_) in enumerate(MATERIALS) if c in BLOOD]))[0]
    fasting = _choice(rng, fasting_pk.size, list(FASTING[profile]))

    prefix = spec.prefix
    node_name = name or f"Synthetic {profile.upper()} biobank"
    with write_new(path) as con:
        step("writing measures and statuses", 10)
        _write_locator(con, first_day, age0, body, smoking, (fasting_pk.astype(np.int32), s_pk, s_day, s_age, fasting))
        step("writing donors", 15)
        con.execute(
            f"""INSERT INTO individuals
            SELECT pk, '{prefix}-D' || lpad(CAST(pk AS VARCHAR), 8, '0'),
                   CASE WHEN f THEN '{SEX_FEMALE}' ELSE '{SEX_MALE}' END,
                   {_sql_list(eth_codes)}[e + 1], {_sql_list(geo_codes)}[g + 1], 'synthetic', 'synthetic', NULL
            FROM (SELECT unnest($pk) AS pk, unnest($f) AS f, unnest($e) AS e, unnest($g) AS g)""",
            {"pk": np.arange(n, dtype=np.int32), "f": female, "e": eth, "g": geo},
        )
        step("writing diagnoses", 40)
        codes = [c for c, _, _, _ in DISEASES]
        con.execute(
            f"""INSERT INTO diseases
            SELECT pk, {_sql_list(codes)}[c + 1], substr({_sql_list(codes)}[c + 1], 1, 3), a,
                   DATE '1970-01-01' + d
            FROM (SELECT unnest($pk) AS pk, unnest($c) AS c, unnest($a) AS a, unnest($d) AS d)""",
            {"pk": dis_pk, "c": dis_code, "a": dis_age, "d": dis_day},
        )
        step("writing samples", 55)
        mats = [c for c, _, _, _ in MATERIALS]
        origins = [o for _, _, _, o in MATERIALS]
        con.execute(
            f"""INSERT INTO biosamples
            SELECT pk, '{prefix}-S' || lpad(CAST(pk AS VARCHAR), 9, '0'), ipk, {_sql_list(mats)}[mt + 1],
                   {_sql_list(origins)}[mt + 1], DATE '1970-01-01' + d, a, t, NULL
            FROM (SELECT unnest($pk) AS pk, unnest($ipk) AS ipk, unnest($mt) AS mt, unnest($d) AS d,
                         unnest($a) AS a, unnest($t) AS t)""",
            {
                "pk": np.arange(m, dtype=np.int32),
                "ipk": s_pk,
                "mt": material,
                "d": s_day,
                "a": s_age,
                "t": temps,
            },
        )
        step("finishing the node file", 90)
        dataset = {
            "id": "synthetic",
            "name": f"{node_name}: synthetic donors",
            "description": f"Synthetic donors (profile {profile}, seed {seed}); no real person.",
        }
        cohort = {"id": "synthetic", "name": f"{node_name}: synthetic cohort", "cohortType": "beacon-defined"}
        con.execute(
            "INSERT INTO collections VALUES (?, 'dataset', ?, ?), (?, 'cohort', ?, ?)",
            ["synthetic", dataset["name"], json.dumps(dataset), "synthetic", cohort["name"], json.dumps(cohort)],
        )
        con.execute(
            "INSERT INTO node_meta VALUES ('name', ?), ('profile', ?), ('seed', ?), ('source', 'synth')",
            [node_name, profile, str(seed)],
        )
    step("done", 100)
    return SynthSummary(n, int(m), int(dis_pk.size), seed, profile)
