//! Users as SCIM resources: what Gatehouse reads from one (userName, a name, an email, the
//! status), the user code a new one gets, and the resource a user reads as.

use gatehouse_policy::{GroupId, User};
use gatehouse_scim::{ScimError, ScimType, USER_SCHEMA_ID};
use serde_json::{json, Map, Value};

use super::{text, with_meta, ResourceMeta};

/// The longest name Gatehouse keeps for a user.
const MAX_NAME_CHARS: usize = 100;

/// The attributes of a SCIM user Gatehouse keeps beside it, in the schema's own spelling.
const KEPT: [&str; 6] = [
    "userName",
    "name",
    "displayName",
    "emails",
    "active",
    "externalId",
];

/// What Gatehouse reads from a SCIM user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimUserFields {
    /// The identity provider's login name, as sent.
    pub user_name: String,
    /// The full name: `displayName`, else `name.formatted`, else the given and family
    /// names, else the userName.
    pub name: String,
    /// The primary email's value, else the first one's.
    pub email: Option<String>,
    /// Whether the user is active (absent: active).
    pub active: bool,
    /// The identity provider's own id for the user.
    pub external_id: Option<String>,
}

/// Reads a SCIM user; the error names the attribute that is wrong.
pub fn read_user(resource: &Value) -> Result<ScimUserFields, ScimError> {
    let invalid = |detail: String| ScimError::bad_request(ScimType::InvalidValue, detail);
    if !resource.is_object() {
        return Err(invalid("a user must be a JSON object".to_owned()));
    }
    let user_name = text(resource, "userName")
        .ok_or_else(|| invalid("userName is required and must be a non-empty string".to_owned()))?
        .to_owned();
    let name = full_name(resource).unwrap_or_else(|| user_name.clone());
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(format!(
            "the name `{name}` is longer than {MAX_NAME_CHARS} characters"
        )));
    }
    let active = match resource.get("active") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => true,
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => false,
        Some(other) => {
            return Err(invalid(format!(
                "active must be true or false, not {other}"
            )))
        }
    };
    Ok(ScimUserFields {
        email: email(resource)?,
        external_id: text(resource, "externalId").map(str::to_owned),
        user_name,
        name,
        active,
    })
}

/// The full name a SCIM user gives, if any.
fn full_name(resource: &Value) -> Option<String> {
    if let Some(display) = text(resource, "displayName") {
        return Some(display.to_owned());
    }
    let name = resource.get("name")?;
    if let Some(formatted) = text(name, "formatted") {
        return Some(formatted.to_owned());
    }
    let parts: Vec<&str> = ["givenName", "familyName"]
        .iter()
        .filter_map(|part| text(name, part))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The primary email's value, else the first one's.
fn email(resource: &Value) -> Result<Option<String>, ScimError> {
    let emails = match resource.get("emails") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(emails)) => emails,
        Some(_) => {
            return Err(ScimError::bad_request(
                ScimType::InvalidValue,
                "emails must be a list of objects with a value",
            ))
        }
    };
    let primary = emails
        .iter()
        .find(|e| e.get("primary").and_then(Value::as_bool) == Some(true))
        .and_then(|e| text(e, "value"));
    Ok(primary
        .or_else(|| emails.iter().find_map(|e| text(e, "value")))
        .map(str::to_owned))
}

/// The attributes of a SCIM user Gatehouse keeps beside it: the writable ones, spelled as
/// the schema spells them.
pub fn stored_user_attributes(resource: &Value) -> Value {
    kept_attributes(resource, &KEPT)
}

/// The members of `resource` named in `kept` (letter case aside), spelled as in `kept`.
pub(crate) fn kept_attributes(resource: &Value, kept: &[&str]) -> Value {
    let mut out = Map::new();
    if let Some(map) = resource.as_object() {
        for (key, value) in map {
            if let Some(name) = kept.iter().find(|k| k.eq_ignore_ascii_case(key)) {
                if !value.is_null() {
                    out.insert((*name).to_owned(), value.clone());
                }
            }
        }
    }
    Value::Object(out)
}

/// The SCIM resource `user` reads as: the attributes kept beside it where they agree with
/// Gatehouse, Gatehouse's name, email and status where they do not, its groups, and `meta`.
pub fn user_resource(
    user: &User,
    stored: Option<&Value>,
    groups: &[(&GroupId, &str)],
    meta: ResourceMeta<'_>,
) -> Value {
    let code = user.code.as_ref().map(ToString::to_string);
    let email = user.email.as_ref().map(|e| e.as_str().to_owned());
    let mut attrs = match stored {
        Some(stored) => stored.clone(),
        None => json!({
            "userName": code.clone().unwrap_or_else(|| user.id.to_string()),
            "displayName": user.name,
            "name": { "formatted": user.name },
            "emails": email.iter().map(|e| json!({"value": e, "type": "work", "primary": true})).collect::<Vec<_>>(),
            "active": true,
        }),
    };
    let read = read_user(&attrs).ok();
    let map = match attrs.as_object_mut() {
        Some(map) => map,
        None => return Value::Null,
    };
    if read.as_ref().map(|r| r.name.as_str()) != Some(user.name.as_str()) {
        map.insert("displayName".to_owned(), json!(user.name));
        map.insert("name".to_owned(), json!({ "formatted": user.name }));
    }
    let same_email = match (read.as_ref().and_then(|r| r.email.as_deref()), &email) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    };
    if !same_email {
        match &email {
            Some(e) => map.insert(
                "emails".to_owned(),
                json!([{ "value": e, "type": "work", "primary": true }]),
            ),
            None => map.remove("emails"),
        };
    }
    if map
        .get("emails")
        .is_some_and(|e| e.as_array().is_some_and(Vec::is_empty))
    {
        map.remove("emails");
    }
    let active = user.is_active();
    if read.as_ref().is_none_or(|r| r.active) != active || map.contains_key("active") {
        map.insert("active".to_owned(), json!(active));
    }
    map.insert("id".to_owned(), json!(user.id.to_string()));
    map.insert("schemas".to_owned(), json!([USER_SCHEMA_ID]));
    if !groups.is_empty() {
        let listed: Vec<Value> = groups
            .iter()
            .map(|(id, name)| {
                json!({
                    "value": id.to_string(),
                    "$ref": format!("{}/Groups/{id}", meta.base_url),
                    "display": name,
                })
            })
            .collect();
        map.insert("groups".to_owned(), Value::Array(listed));
    }
    let location = format!("{}/Users/{}", meta.base_url, user.id);
    with_meta(attrs, "User", location, meta)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use gatehouse_policy::{Participant, Policy, UserCode, UserFlags, UserId, UserStatus};

    pub(crate) fn policy_with(codes: &[&str]) -> Policy {
        let mut policy = Policy::new();
        policy.participant = Some(Participant::parse("12345").unwrap());
        for (i, code) in codes.iter().enumerate() {
            policy.users.push(User {
                id: UserId::parse(&format!("usr-{i}")).unwrap(),
                code: Some(UserCode::parse(code).unwrap()),
                name: format!("User {i}"),
                email: None,
                status: UserStatus::Active,
                account_owner: false,
                groups: Default::default(),
                flags: UserFlags::default(),
                system: false,
            });
        }
        policy
    }

    #[test]
    fn the_name_comes_from_display_name_then_formatted_then_parts() {
        let read = |v: Value| read_user(&v).unwrap().name;
        assert_eq!(
            read(json!({"userName": "a", "displayName": "Ann", "name": {"formatted": "X"}})),
            "Ann"
        );
        assert_eq!(
            read(json!({"userName": "a", "name": {"formatted": "Ann Bee"}})),
            "Ann Bee"
        );
        assert_eq!(
            read(json!({"userName": "a", "name": {"givenName": "Ann", "familyName": "Bee"}})),
            "Ann Bee"
        );
        assert_eq!(read(json!({"userName": "a"})), "a");
        let missing = read_user(&json!({"displayName": "Ann"})).unwrap_err();
        assert!(missing.detail.contains("userName"));
    }

    #[test]
    fn the_primary_email_wins_and_entra_booleans_read() {
        let read = read_user(&json!({
            "userName": "a",
            "active": "False",
            "emails": [{"value": "home@x.nl"}, {"value": "work@x.nl", "primary": true}]
        }))
        .unwrap();
        assert_eq!(read.email.as_deref(), Some("work@x.nl"));
        assert!(!read.active);
    }

    #[test]
    fn gatehouse_wins_where_the_kept_attributes_disagree() {
        let policy = policy_with(&["12345.JJansen"]);
        let mut user = policy.users[0].clone();
        let stored = json!({
            "userName": "jj@contoso.com",
            "displayName": "User 0",
            "name": {"givenName": "User", "familyName": "0"},
            "emails": [{"value": "jj@contoso.com", "primary": true}],
        });
        let meta = ResourceMeta {
            base_url: "http://h/scim/v2/O12345AA",
            created_ms: 0,
            modified_ms: 0,
        };
        let same = user_resource(&user, Some(&stored), &[], meta);
        assert_eq!(
            same["name"]["givenName"], "User",
            "agreeing attributes are kept"
        );
        assert!(
            same.get("emails").is_none(),
            "Gatehouse has no email for the user"
        );
        user.name = "Jan Jansen".to_owned();
        user.status = UserStatus::Deactivated;
        let renamed = user_resource(&user, Some(&stored), &[], meta);
        assert_eq!(renamed["displayName"], "Jan Jansen");
        assert_eq!(renamed["name"], json!({"formatted": "Jan Jansen"}));
        assert_eq!(renamed["active"], false);
        assert_eq!(renamed["userName"], "jj@contoso.com");
        assert_ne!(renamed["meta"]["version"], same["meta"]["version"]);
    }
}
