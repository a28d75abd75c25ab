//! List responses, paging parameters and `POST /.search` bodies (RFC 7644 §3.4.2–§3.4.3).

use serde_json::{json, Value};

use crate::error::{ScimError, ScimType};
use crate::json::{get_ci, has_schema};
use crate::{LIST_SCHEMA, SEARCH_SCHEMA};

/// Which page of results to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The 1-based index of the first result.
    pub start_index: usize,
    /// How many results at most.
    pub count: usize,
}

impl Paging {
    /// From the `startIndex` and `count` query parameters: absent means 1 and `max_results`;
    /// `startIndex` below 1 counts as 1, a negative `count` as 0 and a `count` above
    /// `max_results` as `max_results`. A value that is not a whole number is a 400
    /// `invalidValue` naming the parameter.
    pub fn from_query(
        start_index: Option<&str>,
        count: Option<&str>,
        max_results: usize,
    ) -> Result<Paging, ScimError> {
        let start = parse_int("startIndex", start_index)?;
        let count = parse_int("count", count)?;
        Ok(Paging::new(start, count, max_results))
    }

    /// From already parsed numbers (for example a [`SearchRequest`]), clamped the same way.
    pub fn new(start_index: Option<i64>, count: Option<i64>, max_results: usize) -> Paging {
        let start_index =
            start_index.map_or(1, |s| usize::try_from(s.max(1)).unwrap_or(usize::MAX));
        let count = count.map_or(max_results, |c| {
            usize::try_from(c.max(0)).map_or(max_results, |c| c.min(max_results))
        });
        Paging { start_index, count }
    }

    /// The 0-based offset of the first result.
    pub fn offset(&self) -> usize {
        self.start_index.saturating_sub(1)
    }
}

/// A whole number, saturating beyond `i64`; `None` when absent or empty.
fn parse_int(name: &str, text: Option<&str>) -> Result<Option<i64>, ScimError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ScimError::bad_request(
            ScimType::InvalidValue,
            format!("{name} must be a whole number, not \"{text}\""),
        ));
    }
    let negative = text.starts_with('-');
    Ok(Some(text.parse::<i64>().unwrap_or(if negative {
        i64::MIN
    } else {
        i64::MAX
    })))
}

/// A list response: `totalResults`, `startIndex`, `itemsPerPage` and the page's `Resources`.
pub fn list_response(total_results: usize, start_index: usize, resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": total_results,
        "startIndex": start_index,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

/// The parameters of a `POST /.search` request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRequest {
    /// `attributes`, joined with commas.
    pub attributes: Option<String>,
    /// `excludedAttributes`, joined with commas.
    pub excluded_attributes: Option<String>,
    /// The filter text.
    pub filter: Option<String>,
    /// `startIndex`, at least 1.
    pub start_index: Option<usize>,
    /// `count`, at least 0.
    pub count: Option<usize>,
}

/// Parses a `POST /.search` body; `schemas` must list the SearchRequest URN (400
/// `invalidSyntax`), and members of the wrong type are a 400 `invalidValue` naming them.
pub fn search_request(body: &Value) -> Result<SearchRequest, ScimError> {
    if !body.is_object() || !has_schema(body, SEARCH_SCHEMA) {
        return Err(ScimError::bad_request(
            ScimType::InvalidSyntax,
            format!(
                "a search request must be an object listing \"{SEARCH_SCHEMA}\" in \"schemas\""
            ),
        ));
    }
    let wrong = |name: &str, expected: &str| {
        ScimError::bad_request(
            ScimType::InvalidValue,
            format!("\"{name}\" must be {expected}"),
        )
    };
    let names = |name: &str| -> Result<Option<String>, ScimError> {
        match get_ci(body, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str()
                        .ok_or_else(|| wrong(name, "a list of attribute names"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|list| Some(list.join(","))),
            Some(_) => Err(wrong(name, "a list of attribute names")),
        }
    };
    let number = |name: &str, min: i64| -> Result<Option<usize>, ScimError> {
        match get_ci(body, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(|n| usize::try_from(n.max(min)).unwrap_or(usize::MAX))
                .or_else(|| n.as_u64().map(|_| usize::MAX))
                .map(Some)
                .ok_or_else(|| wrong(name, "a whole number")),
            Some(_) => Err(wrong(name, "a whole number")),
        }
    };
    let filter = match get_ci(body, "filter") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => return Err(wrong("filter", "a string")),
    };
    Ok(SearchRequest {
        attributes: names("attributes")?,
        excluded_attributes: names("excludedAttributes")?,
        filter,
        start_index: number("startIndex", 1)?,
        count: number("count", 0)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_paging_means_first_page_of_max_results() {
        assert_eq!(
            Paging::from_query(None, None, 100),
            Ok(Paging {
                start_index: 1,
                count: 100
            })
        );
    }

    #[test]
    fn out_of_range_paging_is_clamped() {
        let paging = Paging::from_query(Some("0"), Some("-5"), 100);
        assert_eq!(
            paging,
            Ok(Paging {
                start_index: 1,
                count: 0
            })
        );
        let paging = Paging::from_query(Some("99999999999999999999999"), Some("500"), 100);
        assert_eq!(paging.map(|p| p.count), Ok(100));
    }

    #[test]
    fn non_numeric_paging_is_invalid_value_naming_the_parameter() {
        let error = Paging::from_query(Some("abc"), None, 100).err();
        assert!(error
            .as_ref()
            .is_some_and(|e| e.detail.contains("startIndex")));
        assert_eq!(
            error.and_then(|e| e.scim_type),
            Some(ScimType::InvalidValue)
        );
        assert!(Paging::from_query(None, Some("1.5"), 100).is_err());
    }

    #[test]
    fn list_response_counts_items_on_the_page() {
        let body = list_response(12, 11, vec![json!({"id": "a"}), json!({"id": "b"})]);
        assert_eq!(body["schemas"], json!([LIST_SCHEMA]));
        assert_eq!(
            (body["totalResults"].clone(), body["itemsPerPage"].clone()),
            (json!(12), json!(2))
        );
        assert_eq!(body["Resources"][1]["id"], "b");
    }

    #[test]
    fn search_request_joins_attribute_lists() {
        let body = json!({
            "schemas": [SEARCH_SCHEMA],
            "attributes": ["userName", "emails"],
            "filter": "userName sw \"b\"",
            "startIndex": 0,
            "count": 10
        });
        let parsed = search_request(&body);
        assert_eq!(
            parsed,
            Ok(SearchRequest {
                attributes: Some("userName,emails".to_owned()),
                excluded_attributes: None,
                filter: Some("userName sw \"b\"".to_owned()),
                start_index: Some(1),
                count: Some(10),
            })
        );
    }

    #[test]
    fn search_request_without_its_schema_is_invalid_syntax() {
        let error = search_request(&json!({"filter": "a pr"})).err();
        assert_eq!(
            error.and_then(|e| e.scim_type),
            Some(ScimType::InvalidSyntax)
        );
        let error = search_request(&json!({"schemas": [SEARCH_SCHEMA], "count": "x"})).err();
        assert_eq!(
            error.and_then(|e| e.scim_type),
            Some(ScimType::InvalidValue)
        );
    }
}
