// Slide decks (dsr/slides.py): one slide at a time, scaled to the window; arrow keys, space,
// Page Up/Down, Home and End move; the address keeps the slide number (#3). No network, no libraries.
(() => {
  const slides = Array.from(document.querySelectorAll(".slide"));
  let at = 0;
  const fit = () => document.documentElement.style.setProperty(
    "--scale", Math.min(window.innerWidth / 1280, window.innerHeight / 720));
  const show = (n) => {
    at = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach((s, k) => { s.classList.toggle("current", k === at); s.setAttribute("aria-hidden", k !== at); });
    history.replaceState(null, "", "#" + (at + 1));
  };
  const keys = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key in keys) show(at + (e.shiftKey && e.key === " " ? -1 : keys[e.key]));
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(slides.length - 1);
    else return;
    e.preventDefault();
  });
  document.addEventListener("click", (e) => { if (!e.target.closest("a")) show(at + (e.clientX < window.innerWidth / 3 ? -1 : 1)); });
  window.addEventListener("resize", fit);
  document.documentElement.classList.add("js");
  fit();
  show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
