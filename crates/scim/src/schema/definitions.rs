//! The attribute definitions of the User and Group schemas and the common attributes.
//!
//! Only what the server stores and returns is declared: a compliance checker compares what it
//! wrote with what it reads back, attribute by attribute.

use super::{
    AttrDef, AttrType, Mutability, ResourceSchema, Returned, Uniqueness, GROUP_SCHEMA_ID,
    USER_SCHEMA_ID,
};

use AttrType::{Boolean, Complex, DateTime, Reference, String};
use Mutability::{Immutable, ReadOnly};

/// The attributes every resource has (RFC 7643 §3.1): `id`, `externalId` and `meta`.
pub static COMMON: &[AttrDef] = &[
    AttrDef::new(
        "id",
        String,
        "Unique identifier assigned by the service provider.",
    )
    .case_exact()
    .mutability(ReadOnly)
    .returned(Returned::Always)
    .unique(Uniqueness::Server),
    AttrDef::new(
        "externalId",
        String,
        "Identifier assigned by the provisioning client.",
    )
    .case_exact(),
    AttrDef::new("meta", Complex, "Resource metadata.")
        .mutability(ReadOnly)
        .subs(&[
            AttrDef::new("resourceType", String, "The name of the resource type.")
                .case_exact()
                .mutability(ReadOnly),
            AttrDef::new("created", DateTime, "When the resource was added.").mutability(ReadOnly),
            AttrDef::new(
                "lastModified",
                DateTime,
                "When the resource was last changed.",
            )
            .mutability(ReadOnly),
            AttrDef::new("location", Reference, "The URI of the resource.")
                .case_exact()
                .mutability(ReadOnly)
                .references(&["uri"]),
            AttrDef::new("version", String, "The version (ETag) of the resource.")
                .case_exact()
                .mutability(ReadOnly),
        ]),
];

/// The core User schema as Gatehouse serves it.
pub static USER: ResourceSchema = ResourceSchema {
    id: USER_SCHEMA_ID,
    name: "User",
    endpoint: "/Users",
    description: "A person who signs in to Gatehouse. DELETE deactivates the user: Gatehouse \
                  never deletes a person with history; the user stays, deactivated, and is no \
                  SCIM resource any more (404).",
    attributes: &[
        AttrDef::new(
            "userName",
            String,
            "Unique identifier the user signs in with.",
        )
        .required()
        .unique(Uniqueness::Server),
        AttrDef::new("name", Complex, "The components of the user's name.").subs(&[
            AttrDef::new("formatted", String, "The full name, formatted for display."),
            AttrDef::new("familyName", String, "The family (last) name."),
            AttrDef::new("givenName", String, "The given (first) name."),
        ]),
        AttrDef::new("displayName", String, "The name shown to people."),
        AttrDef::new("emails", Complex, "Email addresses of the user.")
            .multi()
            .subs(&[
                AttrDef::new("value", String, "The email address."),
                AttrDef::new("type", String, "What the address is for.")
                    .canonical(&["work", "home", "other"]),
                AttrDef::new("primary", Boolean, "Whether this is the preferred address."),
            ]),
        AttrDef::new("active", Boolean, "Whether the user may sign in."),
        AttrDef::new("groups", Complex, "The groups the user belongs to.")
            .multi()
            .mutability(ReadOnly)
            .subs(&[
                AttrDef::new("value", String, "The id of the group.").mutability(ReadOnly),
                AttrDef::new("$ref", Reference, "The URI of the group.")
                    .mutability(ReadOnly)
                    .references(&["Group"]),
                AttrDef::new("display", String, "The name of the group.").mutability(ReadOnly),
            ]),
    ],
};

/// The core Group schema as Gatehouse serves it.
pub static GROUP: ResourceSchema = ResourceSchema {
    id: GROUP_SCHEMA_ID,
    name: "Group",
    endpoint: "/Groups",
    description: "A group of users that grants are given to. Members are users only (no \
                  nested groups); DELETE deletes the group with its memberships and grants.",
    attributes: &[
        AttrDef::new("displayName", String, "The name of the group.")
            .required()
            .unique(Uniqueness::Server),
        AttrDef::new("members", Complex, "The users in the group.")
            .multi()
            .subs(&[
                AttrDef::new("value", String, "The id of the member.").mutability(Immutable),
                AttrDef::new("$ref", Reference, "The URI of the member.")
                    .mutability(Immutable)
                    .references(&["User"]),
                AttrDef::new("type", String, "The resource type of the member.")
                    .mutability(Immutable)
                    .canonical(&["User"]),
            ]),
    ],
};
