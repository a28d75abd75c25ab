//! Attribute paths (RFC 7644 §3.10) and PATCH paths with a value filter (§3.5.2).

use std::fmt;

use crate::error::{ScimError, ScimType};
use crate::filter::{self, Filter};

/// An attribute path: an optional schema URN, an attribute and an optional sub-attribute,
/// e.g. `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`. Names are kept as
/// written; lookups ignore case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttrPath {
    /// The schema URN prefix, when the path was written with one.
    pub schema: Option<String>,
    /// The attribute name.
    pub attr: String,
    /// The sub-attribute name after the dot.
    pub sub_attr: Option<String>,
}

impl AttrPath {
    /// Parses `[urn:…:]attr[.subAttr]`; a malformed path is a 400 `invalidPath`.
    pub fn parse(text: &str) -> Result<AttrPath, ScimError> {
        parse_attr_path(text).map_err(|why| ScimError::bad_request(ScimType::InvalidPath, why))
    }

    /// A path to a top-level attribute without URN or sub-attribute.
    pub fn attribute(attr: impl Into<String>) -> AttrPath {
        AttrPath {
            schema: None,
            attr: attr.into(),
            sub_attr: None,
        }
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(schema) = &self.schema {
            write!(f, "{schema}:")?;
        }
        f.write_str(&self.attr)?;
        if let Some(sub) = &self.sub_attr {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

/// The attribute path as written, or a sentence saying what is wrong with it.
pub(crate) fn parse_attr_path(text: &str) -> Result<AttrPath, String> {
    let (schema, rest) = split_urn(text);
    if schema.is_some_and(|urn| urn.len() <= "urn:".len()) {
        return Err(format!("attribute path \"{text}\" has an empty schema URN"));
    }
    let (attr, sub_attr) = match rest.split_once('.') {
        Some((attr, sub)) => (attr, Some(sub)),
        None => (rest, None),
    };
    check_name(text, attr)?;
    if let Some(sub) = sub_attr {
        check_name(text, sub)?;
    }
    Ok(AttrPath {
        schema: schema.map(str::to_owned),
        attr: attr.to_owned(),
        sub_attr: sub_attr.map(str::to_owned),
    })
}

/// Splits a `urn:` prefix off at the last colon (the URN itself contains colons and dots).
fn split_urn(text: &str) -> (Option<&str>, &str) {
    let is_urn = text
        .get(..4)
        .is_some_and(|head| head.eq_ignore_ascii_case("urn:"));
    match text.rfind(':') {
        Some(colon) if is_urn => (Some(&text[..colon]), &text[colon + 1..]),
        _ => (None, text),
    }
}

/// RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA, and `$ref`.
fn check_name(path: &str, name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!(
            "attribute path \"{path}\" has an empty attribute name"
        ));
    }
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '$');
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(format!(
            "attribute path \"{path}\" has an invalid name \"{name}\" (names start with a letter \
             and contain only letters, digits, \"-\" and \"_\")"
        ))
    }
}

/// A PATCH operation path: `attrPath` or `attrPath[valFilter][.subAttr]`.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    /// The attribute (with its sub-attribute when there is no filter).
    pub attr: AttrPath,
    /// The value filter between the brackets.
    pub filter: Option<Filter>,
    /// The sub-attribute after `].`.
    pub sub_attr: Option<String>,
}

impl PatchPath {
    /// Parses a PATCH path; anything malformed is a 400 `invalidPath`.
    pub fn parse(text: &str) -> Result<PatchPath, ScimError> {
        let invalid = |why: String| ScimError::bad_request(ScimType::InvalidPath, why);
        let text = text.trim();
        let Some(open) = text.find('[') else {
            return Ok(PatchPath {
                attr: AttrPath::parse(text)?,
                filter: None,
                sub_attr: None,
            });
        };
        // Sub-attribute names cannot contain "]", so the last one closes the filter even when
        // a string inside the filter contains brackets.
        let close = text
            .rfind(']')
            .filter(|close| *close > open)
            .ok_or_else(|| {
                invalid(format!(
                    "path \"{text}\" has a \"[\" without a closing \"]\""
                ))
            })?;
        let attr = parse_attr_path(&text[..open]).map_err(invalid)?;
        if attr.sub_attr.is_some() {
            return Err(invalid(format!(
                "path \"{text}\" puts a sub-attribute before the filter; write attr[filter].sub"
            )));
        }
        let filter = filter::parse_value_filter(&text[open + 1..close])
            .map_err(|error| invalid(format!("the filter in path \"{text}\": {}", error.detail)))?;
        let sub_attr = match &text[close + 1..] {
            "" => None,
            tail => {
                let sub = tail.strip_prefix('.').ok_or_else(|| {
                    invalid(format!("path \"{text}\" has \"{tail}\" after the filter"))
                })?;
                check_name(text, sub).map_err(invalid)?;
                Some(sub.to_owned())
            }
        };
        Ok(PatchPath {
            attr,
            filter: Some(filter),
            sub_attr,
        })
    }

    /// The sub-attribute this path changes, wherever it was written.
    pub fn target_sub_attr(&self) -> Option<&str> {
        self.sub_attr.as_deref().or(self.attr.sub_attr.as_deref())
    }
}

impl fmt::Display for PatchPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.attr)?;
        if let Some(filter) = &self.filter {
            write!(f, "[{filter}]")?;
        }
        if let Some(sub) = &self.sub_attr {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urn_prefix_is_everything_up_to_the_last_colon() {
        let path = AttrPath::parse("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName");
        assert_eq!(
            path,
            Ok(AttrPath {
                schema: Some("urn:ietf:params:scim:schemas:core:2.0:User".to_owned()),
                attr: "name".to_owned(),
                sub_attr: Some("givenName".to_owned()),
            })
        );
    }

    #[test]
    fn plain_names_keep_their_casing() {
        let path = AttrPath::parse("DisplayName").map(|p| p.attr);
        assert_eq!(path, Ok("DisplayName".to_owned()));
    }

    #[test]
    fn malformed_attribute_paths_are_invalid_path() {
        for text in ["", "1abc", "name.", "a.b.c", "emails value", "urn:"] {
            let error = AttrPath::parse(text).err().and_then(|e| e.scim_type);
            assert_eq!(error, Some(ScimType::InvalidPath), "{text:?}");
        }
    }

    #[test]
    fn patch_path_with_filter_and_sub_attribute_splits_into_three_parts() {
        let path = PatchPath::parse(r#"emails[type eq "work"].value"#);
        let path = path.as_ref().ok();
        assert_eq!(path.map(|p| p.attr.attr.as_str()), Some("emails"));
        assert_eq!(path.and_then(|p| p.sub_attr.as_deref()), Some("value"));
        assert!(path.is_some_and(|p| p.filter.is_some()));
    }

    #[test]
    fn patch_path_filter_may_contain_brackets_in_strings() {
        let path = PatchPath::parse(r#"members[value eq "a]b"]"#);
        assert!(path.is_ok(), "{path:?}");
    }

    #[test]
    fn malformed_patch_paths_are_invalid_path() {
        for text in [
            r#"emails[type eq "work""#,
            r#"emails[type eqq "work"]"#,
            r#"emails[type eq "work"]value"#,
            r#"emails.value[type eq "work"]"#,
            r#"emails[type[value eq "x"]]"#,
        ] {
            let error = PatchPath::parse(text).err().and_then(|e| e.scim_type);
            assert_eq!(error, Some(ScimType::InvalidPath), "{text:?}");
        }
    }
}
