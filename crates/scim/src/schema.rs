//! The one description of the SCIM attributes (RFC 7643): discovery publishes it, and filter,
//! PATCH and projection read it for types, case sensitivity, mutability and `returned`.

mod definitions;

pub use definitions::{COMMON, GROUP, USER};

use crate::path::AttrPath;

/// The schema URN of the core User resource.
pub const USER_SCHEMA_ID: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The schema URN of the core Group resource.
pub const GROUP_SCHEMA_ID: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// An attribute's data type (RFC 7643 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttrType {
    /// A Unicode string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An object of sub-attributes.
    Complex,
    /// A URI naming another resource.
    Reference,
    /// An `xsd:dateTime` string such as `2011-05-13T04:42:34Z`.
    DateTime,
    /// A whole number.
    Integer,
}

impl AttrType {
    /// The RFC name used in schema documents, e.g. `"dateTime"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Boolean => "boolean",
            Self::Complex => "complex",
            Self::Reference => "reference",
            Self::DateTime => "dateTime",
            Self::Integer => "integer",
        }
    }
}

/// Whether and when an attribute may be changed (RFC 7643 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Set by the service provider only.
    ReadOnly,
    /// Clients may change it freely.
    ReadWrite,
    /// Clients may set it once, never change it.
    Immutable,
    /// Clients may set it, the server never returns it.
    WriteOnly,
}

impl Mutability {
    /// The RFC name used in schema documents, e.g. `"readOnly"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadOnly => "readOnly",
            Self::ReadWrite => "readWrite",
            Self::Immutable => "immutable",
            Self::WriteOnly => "writeOnly",
        }
    }
}

/// When an attribute appears in responses (RFC 7643 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Returned {
    /// Always, even when `attributes` or `excludedAttributes` say otherwise.
    Always,
    /// Never.
    Never,
    /// Unless excluded.
    Default,
    /// Only when named in `attributes`.
    Request,
}

impl Returned {
    /// The RFC name used in schema documents, e.g. `"default"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Always => "always",
            Self::Never => "never",
            Self::Default => "default",
            Self::Request => "request",
        }
    }
}

/// How unique an attribute's value must be (RFC 7643 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Uniqueness {
    /// No requirement.
    None,
    /// Unique within this service provider (here: within one tenant).
    Server,
    /// Globally unique.
    Global,
}

impl Uniqueness {
    /// The RFC name used in schema documents, e.g. `"server"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Server => "server",
            Self::Global => "global",
        }
    }
}

/// One attribute (or sub-attribute) definition, as published in a schema document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrDef {
    /// The attribute name in its canonical casing, e.g. `"userName"`.
    pub name: &'static str,
    /// The data type.
    pub kind: AttrType,
    /// Whether the value is a list.
    pub multi_valued: bool,
    /// Whether a resource must have it.
    pub required: bool,
    /// Whether string comparisons respect case.
    pub case_exact: bool,
    /// Whether and when clients may change it.
    pub mutability: Mutability,
    /// When it is returned.
    pub returned: Returned,
    /// How unique its value must be.
    pub uniqueness: Uniqueness,
    /// Suggested values (e.g. `work`, `home`), empty when there are none.
    pub canonical_values: &'static [&'static str],
    /// For references: the resource types it may point to.
    pub reference_types: &'static [&'static str],
    /// For complex attributes: the sub-attributes.
    pub sub_attributes: &'static [AttrDef],
    /// What it means, for people reading the schema.
    pub description: &'static str,
}

impl AttrDef {
    /// The sub-attribute called `name`, ignoring case.
    pub fn sub_attribute(&self, name: &str) -> Option<&AttrDef> {
        find(self.sub_attributes, name)
    }

    /// A read-write, single-valued, optional attribute of `kind`; the builders below adjust it.
    const fn new(name: &'static str, kind: AttrType, description: &'static str) -> Self {
        Self {
            name,
            kind,
            multi_valued: false,
            required: false,
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            uniqueness: Uniqueness::None,
            canonical_values: &[],
            reference_types: &[],
            sub_attributes: &[],
            description,
        }
    }

    const fn multi(mut self) -> Self {
        self.multi_valued = true;
        self
    }

    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    const fn case_exact(mut self) -> Self {
        self.case_exact = true;
        self
    }

    const fn mutability(mut self, mutability: Mutability) -> Self {
        self.mutability = mutability;
        self
    }

    const fn returned(mut self, returned: Returned) -> Self {
        self.returned = returned;
        self
    }

    const fn unique(mut self, uniqueness: Uniqueness) -> Self {
        self.uniqueness = uniqueness;
        self
    }

    const fn canonical(mut self, values: &'static [&'static str]) -> Self {
        self.canonical_values = values;
        self
    }

    const fn references(mut self, types: &'static [&'static str]) -> Self {
        self.reference_types = types;
        self
    }

    const fn subs(mut self, subs: &'static [AttrDef]) -> Self {
        self.sub_attributes = subs;
        self
    }
}

/// A resource type's schema: its URN, endpoint and attributes (without the common ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceSchema {
    /// The schema URN, e.g. [`USER_SCHEMA_ID`].
    pub id: &'static str,
    /// The resource type name, e.g. `"User"`.
    pub name: &'static str,
    /// The endpoint relative to the base URL, e.g. `"/Users"`.
    pub endpoint: &'static str,
    /// What the resource is, for people reading the schema.
    pub description: &'static str,
    /// The attributes this schema declares (RFC 7643 §3.1 keeps the common ones out).
    pub attributes: &'static [AttrDef],
}

impl ResourceSchema {
    /// The attribute called `name`, ignoring case: a declared one or a common one
    /// (`id`, `externalId`, `meta`).
    pub fn attribute(&self, name: &str) -> Option<&AttrDef> {
        find(self.attributes, name).or_else(|| find(COMMON, name))
    }

    /// Whether `urn` (as written in an attribute path) names this schema.
    pub fn is_schema(&self, urn: &str) -> bool {
        urn.eq_ignore_ascii_case(self.id)
    }

    /// The attribute a path names, when its URN prefix (if any) is this schema.
    pub(crate) fn resolve(&self, path: &AttrPath) -> Option<&AttrDef> {
        match &path.schema {
            Some(urn) if !self.is_schema(urn) => None,
            _ => self.attribute(&path.attr),
        }
    }
}

fn find<'a>(defs: &'a [AttrDef], name: &str) -> Option<&'a AttrDef> {
    defs.iter().find(|def| def.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lookup_ignores_case_and_finds_common_attributes() {
        assert_eq!(USER.attribute("USERNAME").map(|a| a.name), Some("userName"));
        assert_eq!(
            GROUP.attribute("externalid").map(|a| a.name),
            Some("externalId")
        );
        assert!(USER.attribute("password").is_none());
    }

    #[test]
    fn sub_attribute_lookup_ignores_case() {
        let name = USER.attribute("name");
        let given = name.and_then(|n| n.sub_attribute("GIVENNAME"));
        assert_eq!(given.map(|g| g.name), Some("givenName"));
    }

    #[test]
    fn group_members_declare_exactly_value_ref_and_type() {
        let members = GROUP.attribute("members").map(|m| m.sub_attributes);
        let names: Vec<&str> = members.unwrap_or(&[]).iter().map(|s| s.name).collect();
        assert_eq!(names, ["value", "$ref", "type"]);
    }

    #[test]
    fn user_declares_exactly_the_agreed_attributes() {
        let names: Vec<&str> = USER.attributes.iter().map(|a| a.name).collect();
        assert_eq!(
            names,
            [
                "userName",
                "name",
                "displayName",
                "emails",
                "active",
                "groups"
            ]
        );
    }
}
