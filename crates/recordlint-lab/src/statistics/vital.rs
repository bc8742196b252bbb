//! Autopsy rates and the obstetric and newborn death rates, with the hospital definitions of
//! Horton, *Calculating and Reporting Healthcare Statistics* (AHIMA), and the community neonatal
//! mortality rate per 1,000 live births (CDC National Center for Health Statistics).

use super::{need, rate, Computed, StatisticsData, Unit};

/// Gross autopsy rate = inpatient autopsies × 100 ÷ inpatient deaths.
pub(super) fn gross_autopsy(d: &StatisticsData) -> Result<Computed, String> {
    let (a, deaths) = autopsies_and_deaths(d)?;
    rate("Gross autopsy rate", a, "autopsies on inpatient deaths", deaths, "inpatient deaths", Unit::Percent)
}

/// Net autopsy rate = inpatient autopsies × 100 ÷ (inpatient deaths − unautopsied coroner's or
/// medical examiner's cases).
pub(super) fn net_autopsy(d: &StatisticsData) -> Result<Computed, String> {
    let (a, deaths) = autopsies_and_deaths(d)?;
    let me = need(d.unautopsied_examiner_cases, "unautopsied_examiner_cases")?;
    let available = available(deaths, me, a)?;
    let mut c = rate(
        "Net autopsy rate",
        a,
        "autopsies on inpatient deaths",
        available,
        "(inpatient deaths − unautopsied medical examiner's or coroner's cases)",
        Unit::Percent,
    )?;
    c.formula = format!("Net autopsy rate = autopsies on inpatient deaths × 100 ÷ (inpatient deaths − unautopsied medical examiner's or coroner's cases) = {a} × 100 ÷ ({deaths} − {me})");
    Ok(c)
}

/// Hospital (adjusted) autopsy rate = hospital autopsies (on inpatients and on other hospital
/// patients: outpatients, home care, former inpatients) × 100 ÷ deaths of hospital patients whose
/// bodies were available for hospital autopsy. Other patients' bodies available default to those
/// autopsied.
pub(super) fn hospital_autopsy(d: &StatisticsData) -> Result<Computed, String> {
    let (a, deaths) = autopsies_and_deaths(d)?;
    let me = need(d.unautopsied_examiner_cases, "unautopsied_examiner_cases")?;
    let other = need(d.other_autopsies, "other_autopsies")?;
    let other_available = d.other_bodies_available.map_or(other, u128::from);
    if other_available < other {
        return Err("`other_bodies_available` is below `other_autopsies`".into());
    }
    let inpatient_available = available(deaths, me, a)?;
    let den = inpatient_available + other_available;
    let mut c = rate(
        "Hospital autopsy rate",
        a + other,
        "hospital autopsies",
        den,
        "bodies available",
        Unit::Percent,
    )?;
    c.formula = format!(
        "Hospital autopsy rate = hospital autopsies (inpatient + other hospital patients) × 100 ÷ deaths of hospital patients whose bodies were available for hospital autopsy = ({a} + {other}) × 100 ÷ ({deaths} − {me} + {other_available})"
    );
    Ok(c)
}

fn autopsies_and_deaths(d: &StatisticsData) -> Result<(u128, u128), String> {
    let a = need(d.autopsies, "autopsies")?;
    let deaths = need(d.deaths, "deaths")?;
    if a > deaths {
        return Err("`autopsies` exceeds `deaths`".into());
    }
    Ok((a, deaths))
}

/// Inpatient deaths available for autopsy: deaths − unautopsied examiner's cases.
fn available(deaths: u128, me: u128, autopsies: u128) -> Result<u128, String> {
    match deaths.checked_sub(me) {
        Some(n) if n >= autopsies => Ok(n),
        _ => Err("`autopsies` + `unautopsied_examiner_cases` exceed `deaths`".into()),
    }
}

/// Fetal death rate = intermediate and late fetal deaths × 100 ÷ (live births + intermediate and
/// late fetal deaths); early fetal deaths (under 20 weeks) are not counted.
pub(super) fn fetal_death(d: &StatisticsData) -> Result<Computed, String> {
    let mid = need(d.intermediate_fetal_deaths, "intermediate_fetal_deaths")?;
    let late = need(d.late_fetal_deaths, "late_fetal_deaths")?;
    let births = need(d.live_births, "live_births")?;
    let mut c =
        rate("Fetal death rate", mid + late, "fetal deaths", births + mid + late, "births", Unit::Percent)?;
    c.formula = format!(
        "Fetal death rate = (intermediate + late fetal deaths) × 100 ÷ (live births + intermediate + late fetal deaths) = ({mid} + {late}) × 100 ÷ ({births} + {mid} + {late})"
    );
    Ok(c)
}

/// Maternal death rate (hospital) = direct maternal deaths × 100 ÷ maternal (obstetric)
/// discharges including deaths; indirect maternal deaths are not counted.
pub(super) fn maternal_death(d: &StatisticsData) -> Result<Computed, String> {
    let direct = need(d.direct_maternal_deaths, "direct_maternal_deaths")?;
    let n = need(d.maternal_discharges, "maternal_discharges")?;
    if direct + d.indirect_maternal_deaths.map_or(0, u128::from) > n {
        return Err("the maternal deaths exceed `maternal_discharges` (which include deaths)".into());
    }
    rate(
        "Maternal death rate",
        direct,
        "direct maternal deaths",
        n,
        "maternal (obstetric) discharges including deaths",
        Unit::Percent,
    )
}

/// Newborn death rate (hospital) = newborn deaths × 100 ÷ newborn discharges including deaths;
/// fetal deaths (stillbirths) are neither.
pub(super) fn newborn_death(d: &StatisticsData) -> Result<Computed, String> {
    let deaths = need(d.newborn_deaths, "newborn_deaths")?;
    let n = need(d.newborn_discharges, "newborn_discharges")?;
    if deaths > n {
        return Err("`newborn_deaths` exceeds `newborn_discharges` (which include deaths)".into());
    }
    rate(
        "Newborn death rate",
        deaths,
        "newborn deaths",
        n,
        "newborn discharges including deaths",
        Unit::Percent,
    )
}

/// Neonatal mortality rate (community) = deaths under 28 days of age × 1,000 ÷ live births.
pub(super) fn neonatal_mortality(d: &StatisticsData) -> Result<Computed, String> {
    rate(
        "Neonatal mortality rate",
        need(d.neonatal_deaths, "neonatal_deaths")?,
        "deaths of infants under 28 days",
        need(d.live_births, "live_births")?,
        "live births",
        Unit::PerThousand("live births"),
    )
}
