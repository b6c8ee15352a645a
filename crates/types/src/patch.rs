//! A field of a PATCH body that distinguishes "leave unchanged" from "clear".

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One nullable field of a PATCH body.
///
/// The API leaves a field unchanged when its key is absent and clears it when
/// the value is `null`, so `Option<T>` alone cannot express every request.
/// Use it with `#[serde(default, skip_serializing_if = "Patch::is_keep")]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Patch<T> {
    /// Key absent: the field keeps its value.
    #[default]
    Keep,
    /// Key present with `null`: the field is cleared.
    Clear,
    /// Key present with a value: the field is set.
    Set(T),
}

impl<T> Patch<T> {
    /// Whether the key is absent from the body.
    pub fn is_keep(&self) -> bool {
        matches!(self, Patch::Keep)
    }

    /// Builds a patch that sets the field to `value`, or clears it for `None`.
    pub fn from_option(value: Option<T>) -> Self {
        match value {
            Some(value) => Patch::Set(value),
            None => Patch::Clear,
        }
    }

    /// The new value after the patch is applied to `current`.
    pub fn apply(self, current: Option<T>) -> Option<T> {
        match self {
            Patch::Keep => current,
            Patch::Clear => None,
            Patch::Set(value) => Some(value),
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Only reached without `skip_serializing_if`; `null` is the closest
            // encoding, but callers should skip the key instead.
            Patch::Keep | Patch::Clear => serializer.serialize_none(),
            Patch::Set(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Reached only when the key is present; `#[serde(default)]` covers absence.
        Ok(Patch::from_option(Option::<T>::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::Patch;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Body {
        #[serde(default, skip_serializing_if = "Patch::is_keep")]
        name: Patch<String>,
    }

    #[test]
    fn absent_key_is_keep() {
        let body: Body = serde_json::from_str("{}").unwrap();
        assert_eq!(body.name, Patch::Keep);
    }

    #[test]
    fn null_is_clear() {
        let body: Body = serde_json::from_str(r#"{"name": null}"#).unwrap();
        assert_eq!(body.name, Patch::Clear);
    }

    #[test]
    fn value_is_set() {
        let body: Body = serde_json::from_str(r#"{"name": "Ada"}"#).unwrap();
        assert_eq!(body.name, Patch::Set("Ada".to_owned()));
    }

    #[test]
    fn serializes_each_state() {
        let keep = Body { name: Patch::Keep };
        let clear = Body { name: Patch::Clear };
        let set = Body { name: Patch::Set("Ada".to_owned()) };
        assert_eq!(serde_json::to_string(&keep).unwrap(), "{}");
        assert_eq!(serde_json::to_string(&clear).unwrap(), r#"{"name":null}"#);
        assert_eq!(serde_json::to_string(&set).unwrap(), r#"{"name":"Ada"}"#);
    }
}
