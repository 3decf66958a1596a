//! How large a world the engine supports. The scenario layer owns these limits: validation rejects
//! a scenario beyond them, and the simulation sizes its fixed arrays by them.

/// The most zones a scenario may have.
pub const MAX_ZONES: usize = 6;
/// The most company services a scenario may have.
pub const MAX_SERVICES: usize = 32;
