//! How large a world the engine supports. The scenario layer owns these limits: validation rejects
//! a scenario beyond them, and the simulation sizes its fixed arrays by them.

/// The most zones a scenario may have.
pub const MAX_ZONES: usize = 6;
/// The most company services a scenario may have.
pub const MAX_SERVICES: usize = 32;

/// The most story beats a scenario may have.
pub const MAX_BEATS: usize = 1000;
/// The most characters in one line of text: a beat's or a `Say` effect's `text` and `from`.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The most characters the story may write in one night: each beat's `text` and `from` times the
/// most times it can fire (once, or every `repeat_minutes` over the whole night). Each firing is
/// kept with the night (every night the debrief replays holds its own copy), so this bounds a
/// night's memory whatever the file says.
pub const MAX_STORY_CHARS: usize = 4 * 1024 * 1024;
