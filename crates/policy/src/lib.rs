//! Gatehouse policy (being written).
