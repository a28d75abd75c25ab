#[path = "../benches/support/mod.rs"]
mod support;
use gatehouse_policy::*;
use std::time::Instant;
fn main() {
    let policy = support::policy(support::ISSUE, 7);
    let t = Instant::now();
    let c = policy.clone();
    println!("clone {:?}", t.elapsed());
    drop(c);
    let t = Instant::now();
    policy.validate().unwrap();
    println!("validate {:?}", t.elapsed());
    let mut nog = policy.clone();
    nog.grants.clear();
    let t = Instant::now();
    nog.validate().unwrap();
    println!("validate without grants {:?}", t.elapsed());
    let t = Instant::now();
    let p = PreparedPolicy::new(policy.clone(), support::NOW).unwrap();
    println!("prepare(incl clone) {:?}", t.elapsed());
    let t = Instant::now();
    let m = p.matrix();
    println!("matrix {:?}", t.elapsed());
    let mut m2 = m.clone();
    let t = Instant::now();
    p.matrix_into(&mut m2);
    println!("matrix_into {:?}", t.elapsed());
    let change = Change::UpsertGrant {
        grant: Grant::new(
            Subject::AllUsers,
            policy.resources[1].id.clone(),
            Role::owner(policy.resources[1].kind),
            [policy.environments[0].id.clone()],
        ),
    };
    let t = Instant::now();
    let w = what_if(&policy, &change, support::NOW).unwrap();
    println!("what_if {:?} ({} changes)", t.elapsed(), w.len());
    let t = Instant::now();
    let w2 = p.what_if(&[change.clone()]).unwrap();
    println!("prepared.what_if {:?} ({} changes)", t.elapsed(), w2.len());
}
