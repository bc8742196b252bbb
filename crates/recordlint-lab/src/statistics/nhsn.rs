//! NHSN device-associated measures: the device-associated infection rate per 1,000 device days
//! and the device utilization ratio (CDC, *National Healthcare Safety Network (NHSN) Patient
//! Safety Component Manual*, chapters 4 and 7 and the key terms).

use super::{need, nonzero, rate, Computed, StatisticsData, Unit};

/// Device-associated infection rate = device-associated infections × 1,000 ÷ device days.
pub(super) fn infection_rate(d: &StatisticsData) -> Result<Computed, String> {
    rate(
        "Device-associated infection rate",
        need(d.device_associated_infections, "device_associated_infections")?,
        "device-associated infections",
        need(d.device_days, "device_days")?,
        "device days",
        Unit::PerThousand("device days"),
    )
}

/// Device utilization ratio = device days ÷ patient days.
pub(super) fn utilization_ratio(d: &StatisticsData) -> Result<Computed, String> {
    let dd = need(d.device_days, "device_days")?;
    let pd = nonzero(need(d.patient_days, "patient_days")?, "patient_days")?;
    if dd > pd {
        return Err("`device_days` exceeds `patient_days`".into());
    }
    Ok(Computed {
        numerator: dd,
        denominator: pd,
        formula: format!("Device utilization ratio = device days ÷ patient days = {dd} ÷ {pd}"),
        unit: Unit::Number,
    })
}
