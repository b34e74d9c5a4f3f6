/**
 * Must be imported before msgpackr. Its optional native extension speeds up
 * decoding of large, string-heavy messages, which we do not send, and costs about
 * 9 ms to load: a tenth of a `spaces ls`. msgpackr reads this variable once, at
 * load time; we unset it again so panes never inherit it.
 */
process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED = 'true';
