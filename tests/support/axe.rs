//! axe-core in the page: the WCAG 2.x A and AA violations of what is on screen now.

use super::Browser;

/// axe-core's source, from `GATEHOUSE_AXE` or the tools folder `scripts/ensure-tools.sh` fills.
pub fn axe_source() -> String {
    let path = std::env::var("GATEHOUSE_AXE").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        let tools = std::env::var("GATEHOUSE_TOOLS")
            .unwrap_or_else(|_| format!("{home}/.cache/gatehouse-tools"));
        format!("{tools}/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!("axe-core is not at {path} ({err}); run `source scripts/ensure-tools.sh --browser`")
    })
}

impl Browser {
    /// Runs axe (`axe` is its source) on the page; the violations, one line each.
    pub async fn axe_violations(&self, axe: &str) -> Vec<String> {
        self.script(axe).await;
        let found = self
            .client
            .execute_async(
                "const done = arguments[0];
                 axe.run(document, { runOnly: { type: 'tag',
                     values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
                     resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help
                     + ' — ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')
                     + (n.failureSummary ? ' [' + n.failureSummary.split('\\n').slice(1, 2).join('').trim() + ']' : ''))
                     .join('; '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("axe.run");
        found
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}
