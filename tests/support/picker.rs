//! Choosing in the studio's searchable pickers (`src/components/picker`): type to filter, then
//! click the option, the way a mouse user does. Keyboard use is tested in `e2e_pickers.rs`.

use super::Browser;

impl Browser {
    /// Types `name` into the picker whose input has id `id` and clicks the option labelled
    /// starting with `name` ("Ivo" picks "Ivo Mulder", "A12345AA" picks "A12345AA · Accept").
    /// A native `<select>` with that id (the environment switcher) is set to the option whose
    /// value is `name`, as choosing it does.
    pub async fn pick(&self, id: &str, name: &str) {
        self.wait_for(format!("#{id}").as_str()).await;
        let tag = self
            .script(&format!("return document.getElementById('{id}').tagName;"))
            .await;
        if tag == "SELECT" {
            self.select_value(format!("#{id}").as_str(), name).await;
            return;
        }
        self.type_in_picker(id, name).await;
        let js = format!(
            "const name = {name:?};
             const o = [...document.querySelectorAll('#{id}-list [role=option]')].find(o => {{
               const l = o.querySelector('.picker-label').textContent;
               return l.startsWith(name);
             }});
             if (!o) return false;
             o.click();
             return true;"
        );
        self.eventually(&format!("pick {name:?} in #{id}"), || async {
            self.script(&js).await == serde_json::Value::Bool(true)
        })
        .await;
    }

    /// Focuses the picker whose input has id `id`, as Tab would (its text selected, so typing
    /// replaces what it shows), and types `text`.
    pub async fn type_in_picker(&self, id: &str, text: &str) {
        self.wait_for(format!("#{id}").as_str()).await;
        self.script(&format!(
            "const e = document.getElementById('{id}'); e.focus(); e.select();"
        ))
        .await;
        self.type_into(format!("#{id}").as_str(), text).await;
    }
}
