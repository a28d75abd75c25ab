//! What the first sync sends, as pure functions: the users and groups it makes up, their SCIM
//! bodies, the lookup filters (percent-encoded as Entra ID sends them), which users each group
//! gets and the member PATCHes that add them in batches.

use serde_json::{json, Value};

/// The core User schema.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The core Group schema.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The PATCH request message.
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// User `i`'s userName (and email), e.g. `u7@loadgen.example`.
pub fn user_name(i: u32) -> String {
    format!("u{i}@loadgen.example")
}

/// Group `g`'s displayName, e.g. `Load Group 7`.
pub fn group_name(g: u32) -> String {
    format!("Load Group {g}")
}

/// The `POST /Users` body of user `i`, shaped like Entra ID's default attribute mapping.
pub fn user_body(i: u32) -> Value {
    let name = user_name(i);
    json!({
        "schemas": [USER_SCHEMA],
        "userName": name,
        "displayName": format!("Load User {i}"),
        "name": {"givenName": "Load", "familyName": format!("User {i}")},
        "emails": [{"value": name, "type": "work", "primary": true}],
        "externalId": format!("ext-{i}"),
        "active": true,
    })
}

/// The `POST /Groups` body of group `g`, created without members as Entra ID does.
pub fn group_body(g: u32) -> Value {
    json!({
        "schemas": [GROUP_SCHEMA],
        "displayName": group_name(g),
        "externalId": format!("gext-{g}"),
    })
}

/// The query of a lookup by `attribute eq "value"`: `filter=userName%20eq%20%22…%22`.
pub fn filter_query(attribute: &str, value: &str) -> String {
    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
    let filter = format!("{attribute} eq \"{quoted}\"");
    format!("filter={}", percent_encode(&filter))
}

/// Escapes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The users (1-based) group `g` of `groups` gets: those whose index is ≡ g mod `groups`,
/// so every user is in exactly one group and the groups are as even as they can be.
pub fn members_of(g: u32, users: u32, groups: u32) -> impl Iterator<Item = u32> {
    (g..=users).step_by(groups.max(1) as usize)
}

/// The `PATCH /Groups/{id}` bodies adding `ids`, at most `per_patch` members each.
pub fn member_patches(ids: &[String], per_patch: usize) -> Vec<Value> {
    ids.chunks(per_patch.max(1))
        .map(|batch| {
            let members: Vec<Value> = batch.iter().map(|id| json!({"value": id})).collect();
            json!({
                "schemas": [PATCH_SCHEMA],
                "Operations": [{"op": "Add", "path": "members", "value": members}],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_lookup_is_percent_encoded_as_entra_sends_it() {
        assert_eq!(
            filter_query("userName", &user_name(7)),
            "filter=userName%20eq%20%22u7%40loadgen.example%22"
        );
        assert_eq!(
            filter_query("displayName", &group_name(12)),
            "filter=displayName%20eq%20%22Load%20Group%2012%22"
        );
    }

    #[test]
    fn quotes_in_a_looked_up_value_are_escaped_inside_the_filter() {
        assert_eq!(
            filter_query("displayName", "a\"b"),
            "filter=displayName%20eq%20%22a%5C%22b%22"
        );
    }

    #[test]
    fn a_user_body_carries_the_entra_attributes_of_its_index() {
        let body = user_body(42);
        assert_eq!(body["schemas"][0], USER_SCHEMA);
        assert_eq!(body["userName"], "u42@loadgen.example");
        assert_eq!(body["displayName"], "Load User 42");
        assert_eq!(body["name"]["familyName"], "User 42");
        assert_eq!(body["emails"][0]["value"], "u42@loadgen.example");
        assert_eq!(body["emails"][0]["primary"], true);
        assert_eq!(body["externalId"], "ext-42");
        assert_eq!(body["active"], true);
    }

    #[test]
    fn a_group_body_has_no_members_yet() {
        let body = group_body(3);
        assert_eq!(body["displayName"], "Load Group 3");
        assert_eq!(body["externalId"], "gext-3");
        assert!(body.get("members").is_none());
    }

    #[test]
    fn every_user_lands_in_exactly_one_group_of_fifty() {
        let mut seen = vec![0u32; 10_001];
        for g in 1..=200 {
            let members: Vec<u32> = members_of(g, 10_000, 200).collect();
            assert_eq!(members.len(), 50, "group {g}");
            assert!(members.iter().all(|i| i % 200 == g % 200));
            for i in members {
                seen[i as usize] += 1;
            }
        }
        assert!(seen[1..].iter().all(|&n| n == 1));
    }

    #[test]
    fn uneven_counts_leave_the_last_groups_one_member_short() {
        let sizes: Vec<usize> = (1..=3).map(|g| members_of(g, 10, 3).count()).collect();
        assert_eq!(sizes, [4, 3, 3]);
        assert_eq!(members_of(5, 3, 10).count(), 0);
    }

    #[test]
    fn members_are_added_in_batches_of_at_most_the_patch_size() {
        let ids: Vec<String> = (1..=50).map(|i| format!("usr-{i}")).collect();
        let sizes = |per: usize| -> Vec<usize> {
            member_patches(&ids, per)
                .iter()
                .map(|p| p["Operations"][0]["value"].as_array().map_or(0, Vec::len))
                .collect()
        };
        assert_eq!(sizes(100), [50]);
        assert_eq!(sizes(20), [20, 20, 10]);
        let first = &member_patches(&ids, 20)[0];
        assert_eq!(first["schemas"][0], PATCH_SCHEMA);
        assert_eq!(first["Operations"][0]["op"], "Add");
        assert_eq!(first["Operations"][0]["path"], "members");
        assert_eq!(first["Operations"][0]["value"][0]["value"], "usr-1");
        assert!(member_patches(&[], 20).is_empty());
    }
}
