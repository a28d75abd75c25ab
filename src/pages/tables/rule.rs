//! The filter editor's model of a rule: a top-level "all of" / "any of" list of items, each a
//! condition (field, operator, value as typed) or a group of conditions with its own all/any —
//! enough for "kind is ICT and (year is 2024 or year is 2025)" — and the edits the form makes
//! to it. Turning it into a predicate and back is `conditions.rs`.

/// How a condition compares its field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Op {
    /// Equals the value.
    #[default]
    Is,
    /// Differs from the value.
    IsNot,
    /// Equals one of comma-separated values.
    OneOf,
}

impl Op {
    /// Every operator, in menu order.
    pub const ALL: [Op; 3] = [Op::Is, Op::IsNot, Op::OneOf];

    /// The `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            Op::Is => "eq",
            Op::IsNot => "ne",
            Op::OneOf => "in",
        }
    }

    /// The operator of an `<option>` value (unknown values read as "is").
    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|op| op.key() == key)
            .unwrap_or_default()
    }

    /// The words in the menu.
    pub fn label(self) -> &'static str {
        match self {
            Op::Is => "is",
            Op::IsNot => "is not",
            Op::OneOf => "is one of",
        }
    }
}

/// How the items of a list combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Combine {
    /// Every item must hold ("and").
    #[default]
    All,
    /// At least one item must hold ("or").
    Any,
}

impl Combine {
    /// The `<option>` value.
    pub fn key(self) -> &'static str {
        match self {
            Combine::All => "all",
            Combine::Any => "any",
        }
    }

    /// The combination of an `<option>` value (unknown values read as "all").
    pub fn from_key(key: &str) -> Self {
        if key == "any" {
            Combine::Any
        } else {
            Combine::All
        }
    }

    /// The word joining two items ("and" / "or").
    pub fn joiner(self) -> &'static str {
        match self {
            Combine::All => "and",
            Combine::Any => "or",
        }
    }

    /// The other combination (a new group inside "all of" is usually an "any of").
    pub fn flipped(self) -> Self {
        match self {
            Combine::All => Combine::Any,
            Combine::Any => Combine::All,
        }
    }
}

/// One field comparison, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Condition {
    /// The field compared.
    pub field: String,
    /// How.
    pub op: Op,
    /// The value as text (comma separated for "one of").
    pub value: String,
}

impl Condition {
    /// An empty "`field` is …".
    pub fn blank(field: &str) -> Self {
        Self {
            field: field.to_owned(),
            ..Self::default()
        }
    }
}

/// An item of the top-level list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A single condition.
    Condition(Condition),
    /// Conditions combined among themselves, then as one item of the list.
    Group {
        /// How the group's conditions combine.
        combine: Combine,
        /// The group's conditions; never empty.
        conditions: Vec<Condition>,
    },
}

/// The whole rule of a filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    /// How the items combine.
    pub combine: Combine,
    /// The items.
    pub items: Vec<Item>,
}

/// Where a condition sits: its item, and its place inside a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    /// The item of the top-level list.
    pub item: usize,
    /// The condition inside the group, when the item is a group.
    pub inner: Option<usize>,
}

impl Rule {
    /// One empty condition on `field`.
    pub fn blank(field: &str) -> Self {
        Self {
            combine: Combine::All,
            items: vec![Item::Condition(Condition::blank(field))],
        }
    }

    /// The layout: per item, `None` for a condition or `Some(n)` for a group of `n`.
    pub fn shape(&self) -> Vec<Option<usize>> {
        self.items
            .iter()
            .map(|item| match item {
                Item::Condition(_) => None,
                Item::Group { conditions, .. } => Some(conditions.len()),
            })
            .collect()
    }

    /// Every condition's slot, in order.
    pub fn slots(&self) -> Vec<Slot> {
        let mut out = Vec::new();
        for (item, size) in self.shape().into_iter().enumerate() {
            match size {
                None => out.push(Slot { item, inner: None }),
                Some(n) => out.extend((0..n).map(|j| Slot {
                    item,
                    inner: Some(j),
                })),
            }
        }
        out
    }

    /// The condition at `slot`.
    pub fn condition(&self, slot: Slot) -> Option<&Condition> {
        match (self.items.get(slot.item)?, slot.inner) {
            (Item::Condition(c), None) => Some(c),
            (Item::Group { conditions, .. }, Some(j)) => conditions.get(j),
            _ => None,
        }
    }

    /// The condition at `slot`, to change it.
    pub fn condition_mut(&mut self, slot: Slot) -> Option<&mut Condition> {
        match (self.items.get_mut(slot.item)?, slot.inner) {
            (Item::Condition(c), None) => Some(c),
            (Item::Group { conditions, .. }, Some(j)) => conditions.get_mut(j),
            _ => None,
        }
    }

    /// How the group at `item` combines (`None` when the item is a condition).
    pub fn group_combine(&self, item: usize) -> Option<Combine> {
        match self.items.get(item)? {
            Item::Group { combine, .. } => Some(*combine),
            Item::Condition(_) => None,
        }
    }

    /// Sets how the group at `item` combines.
    pub fn set_group_combine(&mut self, item: usize, to: Combine) {
        if let Some(Item::Group { combine, .. }) = self.items.get_mut(item) {
            *combine = to;
        }
    }

    /// Adds an empty condition at the end of the list.
    pub fn add_condition(&mut self, field: &str) {
        self.items.push(Item::Condition(Condition::blank(field)));
    }

    /// Adds a group of two empty conditions, combined the other way than the list.
    pub fn add_group(&mut self, field: &str) {
        self.items.push(Item::Group {
            combine: self.combine.flipped(),
            conditions: vec![Condition::blank(field), Condition::blank(field)],
        });
    }

    /// Adds an empty condition to the group at `item`.
    pub fn add_to_group(&mut self, item: usize, field: &str) {
        if let Some(Item::Group { conditions, .. }) = self.items.get_mut(item) {
            conditions.push(Condition::blank(field));
        }
    }

    /// Whether the condition at `slot` may be removed (a rule keeps at least one).
    pub fn can_remove(&self) -> bool {
        self.slots().len() > 1
    }

    /// Removes the condition at `slot`; a group left empty goes too.
    pub fn remove(&mut self, slot: Slot) {
        if !self.can_remove() {
            return;
        }
        match slot.inner {
            None => {
                if matches!(self.items.get(slot.item), Some(Item::Condition(_))) {
                    self.items.remove(slot.item);
                }
            }
            Some(j) => {
                let emptied = match self.items.get_mut(slot.item) {
                    Some(Item::Group { conditions, .. }) if j < conditions.len() => {
                        conditions.remove(j);
                        conditions.is_empty()
                    }
                    _ => false,
                };
                if emptied {
                    self.items.remove(slot.item);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_the_last_condition_of_a_group_removes_the_group_but_never_the_last_condition() {
        let mut rule = Rule::blank("kind");
        rule.add_group("year");
        rule.remove(Slot {
            item: 1,
            inner: Some(0),
        });
        assert_eq!(rule.shape(), [None, Some(1)]);
        rule.remove(Slot {
            item: 1,
            inner: Some(0),
        });
        assert_eq!(rule.shape(), [None]);
        rule.remove(Slot {
            item: 0,
            inner: None,
        });
        assert_eq!(rule.shape(), [None], "a rule keeps one condition");
    }
}
