//! Groups as SCIM resources: what Gatehouse reads from one (its name and members) and the
//! resource a group reads as. Members are users only: Gatehouse has no nested groups.

use gatehouse_policy::{Group, UserId};
use gatehouse_scim::{ScimError, ScimType, GROUP_SCHEMA_ID};
use serde_json::{json, Value};

use super::users::kept_attributes;
use super::{text, with_meta, ResourceMeta};

/// The attributes of a SCIM group Gatehouse keeps beside it (members are Gatehouse's own).
const KEPT: [&str; 2] = ["displayName", "externalId"];

/// What Gatehouse reads from a SCIM group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimGroupFields {
    /// The group's name.
    pub display_name: String,
    /// The member users' ids, each once, in the order given.
    pub members: Vec<String>,
    /// The identity provider's own id for the group.
    pub external_id: Option<String>,
}

/// Reads a SCIM group; the error names the attribute that is wrong.
pub fn read_group(resource: &Value) -> Result<ScimGroupFields, ScimError> {
    let invalid = |detail: String| ScimError::bad_request(ScimType::InvalidValue, detail);
    if !resource.is_object() {
        return Err(invalid("a group must be a JSON object".to_owned()));
    }
    let display_name = text(resource, "displayName")
        .ok_or_else(|| {
            invalid("displayName is required and must be a non-empty string".to_owned())
        })?
        .to_owned();
    let mut members: Vec<String> = Vec::new();
    match resource.get("members") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for member in list {
                let value = text(member, "value").ok_or_else(|| {
                    invalid("every member needs a value: the id of a user".to_owned())
                })?;
                if let Some(kind) = text(member, "type") {
                    if !kind.eq_ignore_ascii_case("User") {
                        return Err(invalid(format!(
                            "member {value} is a {kind}: Gatehouse groups hold users only"
                        )));
                    }
                }
                if !members.iter().any(|m| m == value) {
                    members.push(value.to_owned());
                }
            }
        }
        Some(_) => {
            return Err(invalid(
                "members must be a list of objects with a value".to_owned(),
            ))
        }
    }
    Ok(ScimGroupFields {
        display_name,
        members,
        external_id: text(resource, "externalId").map(str::to_owned),
    })
}

/// The attributes of a SCIM group Gatehouse keeps beside it.
pub fn stored_group_attributes(resource: &Value) -> Value {
    kept_attributes(resource, &KEPT)
}

/// The SCIM resource `group` reads as, with `members` (Gatehouse's memberships) and `meta`.
pub fn group_resource(
    group: &Group,
    members: &[&UserId],
    stored: Option<&Value>,
    meta: ResourceMeta<'_>,
) -> Value {
    let mut attrs = stored.cloned().unwrap_or_else(|| json!({}));
    let Some(map) = attrs.as_object_mut() else {
        return Value::Null;
    };
    map.insert("displayName".to_owned(), json!(group.name));
    map.insert("id".to_owned(), json!(group.id.to_string()));
    map.insert("schemas".to_owned(), json!([GROUP_SCHEMA_ID]));
    if members.is_empty() {
        map.remove("members");
    } else {
        let listed: Vec<Value> = members
            .iter()
            .map(|id| {
                json!({
                    "value": id.to_string(),
                    "$ref": format!("{}/Users/{id}", meta.base_url),
                    "type": "User",
                })
            })
            .collect();
        map.insert("members".to_owned(), Value::Array(listed));
    }
    let location = format!("{}/Groups/{}", meta.base_url, group.id);
    with_meta(attrs, "Group", location, meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_policy::GroupId;

    #[test]
    fn members_are_users_each_once() {
        let read = read_group(&json!({
            "displayName": "Support",
            "members": [{"value": "usr-1"}, {"value": "usr-1", "type": "User"}, {"value": "usr-2"}]
        }))
        .unwrap();
        assert_eq!(read.members, ["usr-1", "usr-2"]);
        let nested = read_group(&json!({
            "displayName": "Support",
            "members": [{"value": "grp-1", "type": "Group"}]
        }))
        .unwrap_err();
        assert!(nested.detail.contains("users only"));
    }

    #[test]
    fn a_group_reads_with_its_members_and_a_version() {
        let group = Group::new(GroupId::parse("grp-support").unwrap(), "Support");
        let fleur = UserId::parse("usr-fleur").unwrap();
        let meta = ResourceMeta {
            base_url: "http://h/scim/v2/O12345AA",
            created_ms: 0,
            modified_ms: 5,
        };
        let read = group_resource(&group, &[&fleur], Some(&json!({"externalId": "e-1"})), meta);
        assert_eq!(
            read["members"][0]["$ref"],
            "http://h/scim/v2/O12345AA/Users/usr-fleur"
        );
        assert_eq!(read["externalId"], "e-1");
        assert_eq!(
            read["meta"]["location"],
            "http://h/scim/v2/O12345AA/Groups/grp-support"
        );
        let empty = group_resource(&group, &[], None, meta);
        assert!(empty.get("members").is_none());
        assert_ne!(empty["meta"]["version"], read["meta"]["version"]);
    }
}
