//! Application flags of a user (Windows, InSite, Pocket) and their one rule: Pocket can only
//! be on when Windows or InSite is on (DESIGN §3, seed app-connector-user-group).

use serde::{Deserialize, Serialize};

/// Which applications a user may use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserFlags {
    /// The Windows client.
    #[serde(default)]
    pub windows: bool,
    /// The InSite web portal.
    #[serde(default)]
    pub insite: bool,
    /// The Pocket mobile app; needs Windows or InSite.
    #[serde(default)]
    pub pocket: bool,
}

/// Why a combination of flags is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UserFlagsError {
    /// Pocket was on while Windows and InSite were both off.
    #[error("pocket can only be enabled together with windows or insite")]
    PocketWithoutWindowsOrInsite,
}

impl UserFlags {
    /// Checks the Pocket rule.
    pub fn validate(self) -> Result<(), UserFlagsError> {
        if self.pocket && !(self.windows || self.insite) {
            return Err(UserFlagsError::PocketWithoutWindowsOrInsite);
        }
        Ok(())
    }

    /// Whether Pocket may be switched on given the other flags (the studio greys it out
    /// otherwise, as the product does).
    pub fn pocket_available(self) -> bool {
        self.windows || self.insite
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pocket_alone_is_refused() {
        let flags = UserFlags {
            pocket: true,
            ..UserFlags::default()
        };
        assert_eq!(
            flags.validate(),
            Err(UserFlagsError::PocketWithoutWindowsOrInsite)
        );
        assert!(!flags.pocket_available());
    }

    #[test]
    fn pocket_with_windows_or_insite_is_allowed() {
        let windows = UserFlags {
            windows: true,
            pocket: true,
            insite: false,
        };
        let insite = UserFlags {
            insite: true,
            pocket: true,
            windows: false,
        };
        assert_eq!(windows.validate(), Ok(()));
        assert_eq!(insite.validate(), Ok(()));
    }
}
