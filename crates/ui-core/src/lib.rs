//! Pure logic of the web app.
