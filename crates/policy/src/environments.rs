//! Data environments a grant can cover: the built-in Production, Staging and Development,
//! plus any custom ones the organisation creates (DESIGN §2).

use serde::{Deserialize, Serialize};

use crate::ids::EnvironmentId;

/// The ids and names of the built-in environments, in display order.
pub const BUILT_IN_ENVIRONMENTS: [(&str, &str); 3] = [
    ("production", "Production"),
    ("staging", "Staging"),
    ("development", "Development"),
];

/// A data environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    /// Stable id; the built-ins are `production`, `staging` and `development`.
    pub id: EnvironmentId,
    /// Name shown to administrators ("Staging").
    pub name: String,
}

impl Environment {
    /// A custom environment.
    pub fn new(id: EnvironmentId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }

    /// The three built-in environments, in display order.
    pub fn built_ins() -> Vec<Self> {
        BUILT_IN_ENVIRONMENTS
            .iter()
            .map(|(id, name)| Self::new(EnvironmentId::from_static(id), *name))
            .collect()
    }

    /// The built-in Production environment's id.
    pub fn production_id() -> EnvironmentId {
        EnvironmentId::from_static("production")
    }

    /// The built-in Staging environment's id.
    pub fn staging_id() -> EnvironmentId {
        EnvironmentId::from_static("staging")
    }

    /// The built-in Development environment's id.
    pub fn development_id() -> EnvironmentId {
        EnvironmentId::from_static("development")
    }

    /// Whether this is one of the built-in environments (which cannot be removed).
    pub fn is_built_in(&self) -> bool {
        is_built_in(&self.id)
    }
}

/// Whether `id` names a built-in environment.
pub fn is_built_in(id: &EnvironmentId) -> bool {
    BUILT_IN_ENVIRONMENTS
        .iter()
        .any(|(built_in, _)| *built_in == id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_built_ins_come_first_in_display_order() {
        let names: Vec<_> = Environment::built_ins()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["Production", "Staging", "Development"]);
        assert!(is_built_in(&Environment::staging_id()));
        assert!(!is_built_in(&EnvironmentId::parse("qa").unwrap()));
    }
}
