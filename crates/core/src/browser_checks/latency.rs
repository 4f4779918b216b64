//! Latency budget: the runbook's expected round-trip time to the serving data centre.
//!
//! Distance is the great-circle distance (haversine formula, mean Earth radius 6371.0 km) between
//! the user's and the data centre's coordinates, or a distance the user gives. The runbook's
//! thresholds: about 60 ms per 4,000 km in developed regions, at most 100 ms per 4,000 km
//! elsewhere. The measured median is judged against the bound of the region chosen.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Mean Earth radius, km (IUGG mean radius R1).
pub const EARTH_RADIUS_KM: f64 = 6371.0;
/// The distance the runbook's rates are quoted for, km.
pub const RATE_DISTANCE_KM: f64 = 4000.0;
/// Developed regions: ms per 4,000 km.
pub const DEVELOPED_MS_PER_4000_KM: f64 = 60.0;
/// Elsewhere, the maximum: ms per 4,000 km.
pub const MAX_MS_PER_4000_KM: f64 = 100.0;
/// Half the Earth's circumference: no two points are further apart along the surface.
pub const MAX_DISTANCE_KM: f64 = std::f64::consts::PI * EARTH_RADIUS_KM;

/// A point in decimal degrees (WGS 84 latitude, longitude).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    /// Latitude, −90..=90 (north positive).
    pub lat: f64,
    /// Longitude, −180..=180 (east positive).
    pub lon: f64,
}

/// Which of the runbook's rates applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// About 60 ms per 4,000 km.
    #[default]
    Developed,
    /// At most 100 ms per 4,000 km.
    Other,
}

/// What the budget is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetInput {
    /// The user's location.
    pub from: Option<Coordinates>,
    /// The data centre's location.
    pub to: Option<Coordinates>,
    /// A distance in km, instead of the two locations.
    pub distance_km: Option<f64>,
    /// Which rate applies.
    pub region: Region,
    /// The measured round trip (median), ms, to judge.
    pub measured_ms: Option<f64>,
}

/// Within or above the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetVerdict {
    /// Measured ≤ budget.
    Within,
    /// Measured > budget.
    Above,
}

/// The budget and, when a measurement was given, the judgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatencyBudget {
    /// Distance used, km.
    pub distance_km: f64,
    /// True when computed from coordinates (great circle), false when given.
    pub great_circle: bool,
    /// The region whose rate applies.
    pub region: Region,
    /// The rate applied, ms per 4,000 km.
    pub ms_per_4000_km: f64,
    /// The expected RTT bound for the region, ms.
    pub budget_ms: f64,
    /// The bound at 60 ms per 4,000 km.
    pub developed_budget_ms: f64,
    /// The bound at 100 ms per 4,000 km.
    pub max_budget_ms: f64,
    /// The measurement judged, ms.
    pub measured_ms: Option<f64>,
    /// Within or above `budget_ms`; `None` without a measurement.
    pub verdict: Option<BudgetVerdict>,
    /// The judgement in plain words.
    pub explanation: String,
}

/// A budget input that cannot be used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BudgetError {
    /// Latitude or longitude out of range or not a number.
    #[error("{which} {field} {value} is out of range ({range})")]
    BadCoordinate {
        /// `your location` or `data centre`.
        which: &'static str,
        /// `latitude` or `longitude`.
        field: &'static str,
        /// The value given.
        value: f64,
        /// The allowed range.
        range: &'static str,
    },
    /// A distance that is negative, not a number, or longer than half the Earth.
    #[error("distance {0} km is not possible (0 to 20,015 km)")]
    BadDistance(f64),
    /// A measurement that is negative or not a number.
    #[error("measured time {0} ms is not a usable number")]
    BadMeasurement(f64),
    /// Neither two locations nor a distance.
    #[error("give both locations (latitude, longitude) or a distance in km")]
    Missing,
    /// Both locations and a distance: ambiguous.
    #[error("give either both locations or a distance, not both")]
    Ambiguous,
}

/// Great-circle distance in km (haversine; mean Earth radius 6371.0 km).
pub fn great_circle_km(a: Coordinates, b: Coordinates) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    // Rounding can push h a hair above 1 for antipodal points; asin would give NaN.
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

/// The expected RTT bound for `distance_km` at `ms_per_4000_km`.
pub fn rtt_bound_ms(distance_km: f64, ms_per_4000_km: f64) -> f64 {
    distance_km / RATE_DISTANCE_KM * ms_per_4000_km
}

fn check_point(which: &'static str, p: Coordinates) -> Result<Coordinates, BudgetError> {
    if !(p.lat.is_finite() && (-90.0..=90.0).contains(&p.lat)) {
        return Err(BudgetError::BadCoordinate {
            which,
            field: "latitude",
            value: p.lat,
            range: "-90 to 90",
        });
    }
    if !(p.lon.is_finite() && (-180.0..=180.0).contains(&p.lon)) {
        return Err(BudgetError::BadCoordinate {
            which,
            field: "longitude",
            value: p.lon,
            range: "-180 to 180",
        });
    }
    Ok(p)
}

/// Computes the budget and judges the measurement, if any.
pub fn latency_budget(input: &BudgetInput) -> Result<LatencyBudget, BudgetError> {
    let (distance_km, great_circle) = match (input.from, input.to, input.distance_km) {
        (Some(_), Some(_), Some(_)) => return Err(BudgetError::Ambiguous),
        (Some(a), Some(b), None) => (
            great_circle_km(
                check_point("your location", a)?,
                check_point("data centre", b)?,
            ),
            true,
        ),
        (_, _, Some(d)) if d.is_finite() && (0.0..=MAX_DISTANCE_KM + 0.5).contains(&d) => {
            (d, false)
        }
        (_, _, Some(d)) => return Err(BudgetError::BadDistance(d)),
        _ => return Err(BudgetError::Missing),
    };
    if let Some(m) = input.measured_ms
        && !(m.is_finite() && m >= 0.0)
    {
        return Err(BudgetError::BadMeasurement(m));
    }
    let rate = match input.region {
        Region::Developed => DEVELOPED_MS_PER_4000_KM,
        Region::Other => MAX_MS_PER_4000_KM,
    };
    let budget_ms = rtt_bound_ms(distance_km, rate);
    let developed_budget_ms = rtt_bound_ms(distance_km, DEVELOPED_MS_PER_4000_KM);
    let max_budget_ms = rtt_bound_ms(distance_km, MAX_MS_PER_4000_KM);
    let verdict = input.measured_ms.map(|m| {
        if m <= budget_ms {
            BudgetVerdict::Within
        } else {
            BudgetVerdict::Above
        }
    });
    let explanation = explain(
        distance_km,
        input.region,
        budget_ms,
        max_budget_ms,
        input.measured_ms,
    );
    Ok(LatencyBudget {
        distance_km,
        great_circle,
        region: input.region,
        ms_per_4000_km: rate,
        budget_ms,
        developed_budget_ms,
        max_budget_ms,
        measured_ms: input.measured_ms,
        verdict,
        explanation,
    })
}

fn explain(d: f64, region: Region, budget: f64, max: f64, measured: Option<f64>) -> String {
    let rate = match region {
        Region::Developed => "60 ms per 4,000 km (developed regions)",
        Region::Other => "at most 100 ms per 4,000 km (less developed regions)",
    };
    let mut text = format!("{d:.0} km at {rate}: expected round trip up to {budget:.1} ms.");
    if let Some(m) = measured {
        if m <= budget {
            text.push_str(&format!(" Measured {m:.1} ms: within the budget."));
        } else if region == Region::Developed && m <= max {
            text.push_str(&format!(
                " Measured {m:.1} ms: above the developed-region budget, within the \
                 {max:.1} ms maximum for less developed regions."
            ));
        } else {
            text.push_str(&format!(
                " Measured {m:.1} ms: above the budget by {:.1} ms — look for a far-away data \
                 centre or a detour (MTR), or congestion on the way.",
                m - budget
            ));
        }
        text.push_str(
            " A browser's HTTP time includes connection set-up and server time on top of the \
             network round trip, so it overstates it; ping or MTR measure the RTT itself.",
        );
    }
    if budget < 10.0 {
        text.push_str(
            " Below about 10 ms the access network's own delay dominates: judge short \
             distances with care.",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    /// Worked example, checked by hand.
    ///
    /// Along the equator from (0°, 0°) to (0°, 36°): Δφ = 0, Δλ = 36° = π/5 = 0.6283185 rad.
    /// h = sin²(0) + cos 0 · cos 0 · sin²(0.3141593) = 0.3090170² = 0.0954915.
    /// c = 2·asin(√h) = 2·asin(0.3090170) = 2 · 0.3141593 = 0.6283185 rad.
    /// d = 6371.0 · 0.6283185 = 4003.017 km.
    /// Developed budget = 4003.017 / 4000 · 60 = 1.0007543 · 60 = 60.045 ms;
    /// maximum = 1.0007543 · 100 = 100.075 ms.
    ///
    /// Stockholm (59.3293 N, 18.0686 E) to Frankfurt (50.1109 N, 8.6821 E):
    /// φ1 = 1.0354916, φ2 = 0.8746002, Δφ = −0.1608914, Δλ = −9.3865° = −0.1638253 rad.
    /// sin²(Δφ/2) = sin²(−0.0804457) = 0.0064576; cos φ1 = 0.5101031; cos φ2 = 0.6413037;
    /// sin²(Δλ/2) = sin²(−0.0819127) = 0.0066947.
    /// h = 0.0064576 + 0.5101031 · 0.6413037 · 0.0066947 = 0.0064576 + 0.0021900 = 0.0086476.
    /// c = 2·asin(√0.0086476) = 2·asin(0.0929925) = 2 · 0.0931271 = 0.1862541 rad.
    /// d = 6371.0 · 0.1862541 = 1186.6 km; budget = 1186.6 / 4000 · 60 = 17.80 ms
    /// (29.67 ms at 100 ms per 4,000 km). A measured 25 ms median is above the developed
    /// budget but within the maximum.
    #[test]
    fn worked_examples() {
        let equator = great_circle_km(
            Coordinates { lat: 0.0, lon: 0.0 },
            Coordinates {
                lat: 0.0,
                lon: 36.0,
            },
        );
        assert!(close(equator, 4003.017, 0.001), "{equator}");
        assert!(close(rtt_bound_ms(equator, 60.0), 60.045, 0.001));
        assert!(close(rtt_bound_ms(equator, 100.0), 100.075, 0.001));

        let b = latency_budget(&BudgetInput {
            from: Some(Coordinates {
                lat: 59.3293,
                lon: 18.0686,
            }),
            to: Some(Coordinates {
                lat: 50.1109,
                lon: 8.6821,
            }),
            measured_ms: Some(25.0),
            ..BudgetInput::default()
        })
        .unwrap();
        assert!(close(b.distance_km, 1186.6, 0.05), "{}", b.distance_km);
        assert!(close(b.budget_ms, 17.80, 0.005), "{}", b.budget_ms);
        assert!(close(b.max_budget_ms, 29.67, 0.005));
        assert!(b.great_circle);
        assert_eq!(b.verdict, Some(BudgetVerdict::Above));
        assert!(
            b.explanation.contains("within the 29.7 ms maximum"),
            "{}",
            b.explanation
        );
    }

    #[test]
    fn distance_given_and_other_region() {
        let b = latency_budget(&BudgetInput {
            distance_km: Some(8000.0),
            region: Region::Other,
            measured_ms: Some(190.0),
            ..BudgetInput::default()
        })
        .unwrap();
        assert_eq!(b.budget_ms, 200.0);
        assert_eq!(b.developed_budget_ms, 120.0);
        assert!(!b.great_circle);
        assert_eq!(b.verdict, Some(BudgetVerdict::Within));
        let none = latency_budget(&BudgetInput {
            distance_km: Some(100.0),
            ..BudgetInput::default()
        })
        .unwrap();
        assert_eq!(none.verdict, None);
        assert_eq!(none.budget_ms, 1.5);
        assert!(none.explanation.contains("with care"));
    }

    #[test]
    fn meridian_and_antipodes() {
        let quarter = great_circle_km(
            Coordinates { lat: 0.0, lon: 0.0 },
            Coordinates {
                lat: 90.0,
                lon: 0.0,
            },
        );
        assert!(close(
            quarter,
            EARTH_RADIUS_KM * std::f64::consts::FRAC_PI_2,
            1e-6
        ));
        let half = great_circle_km(
            Coordinates { lat: 0.0, lon: 0.0 },
            Coordinates {
                lat: 0.0,
                lon: 180.0,
            },
        );
        assert!(close(half, MAX_DISTANCE_KM, 1e-6));
        assert!(!half.is_nan());
    }

    #[test]
    fn bad_inputs_say_what_is_wrong() {
        let p = |lat, lon| Some(Coordinates { lat, lon });
        let e = |i: BudgetInput| latency_budget(&i).unwrap_err().to_string();
        assert_eq!(
            e(BudgetInput {
                from: p(95.0, 0.0),
                to: p(0.0, 0.0),
                ..Default::default()
            }),
            "your location latitude 95 is out of range (-90 to 90)"
        );
        assert_eq!(
            e(BudgetInput {
                from: p(0.0, 0.0),
                to: p(0.0, f64::NAN),
                ..Default::default()
            }),
            "data centre longitude NaN is out of range (-180 to 180)"
        );
        assert!(
            e(BudgetInput {
                distance_km: Some(-1.0),
                ..Default::default()
            })
            .contains("not possible")
        );
        assert!(
            e(BudgetInput {
                distance_km: Some(30000.0),
                ..Default::default()
            })
            .contains("not possible")
        );
        assert!(e(BudgetInput::default()).contains("give both"));
        assert!(
            e(BudgetInput {
                from: p(0.0, 0.0),
                ..Default::default()
            })
            .contains("give both")
        );
        assert!(
            e(BudgetInput {
                from: p(0.0, 0.0),
                to: p(1.0, 1.0),
                distance_km: Some(5.0),
                ..Default::default()
            })
            .contains("not both")
        );
        assert!(
            e(BudgetInput {
                distance_km: Some(5.0),
                measured_ms: Some(-3.0),
                ..Default::default()
            })
            .contains("measured")
        );
    }
}
