//! The studio's addresses: every view's path starts with the environment it shows
//! (`/O12345AA/users/12345.FSmit`), so a copied link opens the same environment. Pure
//! functions, tested natively; the frame and every link use them.

/// The first segment of every view's path after the environment. A path that starts with one
/// of these has no environment (a link from before environments were in the address, or one
/// typed by hand): the studio opens it in the environment last worked in.
pub const SECTIONS: &[&str] = &[
    "users",
    "groups",
    "apps",
    "connectors",
    "app-connectors",
    "tokens",
    "provisioning",
    "tables",
    "collaborators",
    "sync",
    "simulator",
    "access-matrix",
    "access-tests",
    "audit",
    "precedence",
    "data-environments",
];

/// The view opened when an address names only an environment (`/O12345AA`).
pub const HOME: &str = "/users";

/// A studio path split into the environment it names (if any) and the view's path after it
/// (starting with `/`, or empty for the environment alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudioPath<'a> {
    /// The environment code, when the path starts with one.
    pub environment: Option<&'a str>,
    /// The view's path after the environment: `/users/12345.FSmit`, or `""`.
    pub view: &'a str,
}

/// Splits `pathname` (`/O12345AA/users`) into its environment and view.
pub fn split(pathname: &str) -> StudioPath<'_> {
    let trimmed = pathname.strip_prefix('/').unwrap_or(pathname);
    let first = trimmed.split('/').next().unwrap_or_default();
    if first.is_empty() || SECTIONS.contains(&first) {
        return StudioPath {
            environment: None,
            view: if pathname.is_empty() { "/" } else { pathname },
        };
    }
    StudioPath {
        environment: Some(first),
        // Starts with the view's own slash (or is empty: the environment alone).
        view: &trimmed[first.len()..],
    }
}

/// The path of `view` (`/users`, or a path that already names an environment, which is kept)
/// in `environment`.
pub fn join(environment: &str, view: &str) -> String {
    let view = split(view).view;
    if view == "/" || view.is_empty() {
        return format!("/{environment}{HOME}");
    }
    format!("/{environment}{view}")
}

/// Where switching to `environment` leads from `pathname`: the same kind of view (its first
/// segment, e.g. `/users`), since the record on screen (a user, a group, a table) belongs to
/// the environment being left.
pub fn switch(pathname: &str, environment: &str) -> String {
    let view = split(pathname).view;
    let section = view
        .trim_start_matches('/')
        .split('/')
        .next()
        .filter(|s| SECTIONS.contains(s))
        .unwrap_or(&HOME[1..]);
    format!("/{environment}/{section}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_an_environment_splits_into_environment_and_view() {
        assert_eq!(
            split("/O12345AA/users/12345.FSmit"),
            StudioPath {
                environment: Some("O12345AA"),
                view: "/users/12345.FSmit"
            }
        );
        assert_eq!(
            split("/A12345AA/data-environments/compare"),
            StudioPath {
                environment: Some("A12345AA"),
                view: "/data-environments/compare"
            }
        );
        assert_eq!(
            split("/O12345AA"),
            StudioPath {
                environment: Some("O12345AA"),
                view: ""
            }
        );
        assert_eq!(
            split("/O12345AA/"),
            StudioPath {
                environment: Some("O12345AA"),
                view: "/"
            }
        );
    }

    #[test]
    fn a_path_starting_with_a_view_or_empty_names_no_environment() {
        for path in ["/users", "/users/12345.FSmit", "/access-matrix", "/", ""] {
            let split = split(path);
            assert_eq!(split.environment, None, "{path}");
        }
        assert_eq!(split("/users/x").view, "/users/x");
        assert_eq!(split("").view, "/");
    }

    #[test]
    fn join_puts_the_environment_in_front_and_keeps_one_already_there() {
        assert_eq!(join("O12345AA", "/users"), "/O12345AA/users");
        assert_eq!(
            join("A12345AA", "/apps/res-crm/permissions"),
            "/A12345AA/apps/res-crm/permissions"
        );
        assert_eq!(join("T12345AA", "/O12345AA/groups"), "/T12345AA/groups");
        assert_eq!(join("O12345AA", "/"), "/O12345AA/users");
        assert_eq!(join("O12345AA", ""), "/O12345AA/users");
    }

    #[test]
    fn switching_environment_keeps_the_kind_of_view_but_not_the_record() {
        assert_eq!(
            switch("/O12345AA/users/12345.FSmit/permissions", "A12345AA"),
            "/A12345AA/users"
        );
        assert_eq!(switch("/O12345AA/tables/7", "T12345AA"), "/T12345AA/tables");
        assert_eq!(switch("/O12345AA/audit", "A12345AA"), "/A12345AA/audit");
        assert_eq!(switch("/O12345AA", "A12345AA"), "/A12345AA/users");
        assert_eq!(switch("/users", "A12345AA"), "/A12345AA/users");
        assert_eq!(switch("/O12345AA/nonsense", "A12345AA"), "/A12345AA/users");
    }

    #[test]
    fn every_section_round_trips_through_join_and_split() {
        for section in SECTIONS {
            let view = format!("/{section}/x");
            let path = join("O54321AA", &view);
            let split = split(&path);
            assert_eq!(split.environment, Some("O54321AA"));
            assert_eq!(split.view, view);
        }
    }
}
