// safeprint serve: checks and proofs as the school file is edited.
// Plain script, no build step: the form works without it, this makes it live.
"use strict";
(function () {
  const form = document.getElementById("school-form");
  if (!form) return;
  const base = form.dataset.base;
  const csrf = document.querySelector('meta[name="csrf"]').content;
  const viewer = Math.random().toString(36).slice(2);
  const status = document.getElementById("status");
  let dirty = false;
  let proofSeq = 0;
  let proofAbort = null;
  let lastFile = "";

  function debounce(fn, ms) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function post(path, data, signal) {
    return fetch(base + path, {
      method: "POST",
      body: data,
      signal: signal,
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch" },
    });
  }

  function say(words) {
    status.textContent = words;
  }

  function unreachable() {
    say("Cannot reach safeprint serve: is it still running?");
  }

  // --- problems beside their fields ---------------------------------------
  function fieldFor(name) {
    // team[0].phone, else team[0], else team: the nearest field on the page.
    let path = name;
    while (path) {
      const el = form.querySelector('[data-field="' + CSS.escape(path) + '"]');
      if (el) return el;
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      if (cut <= 0) break;
      path = path.slice(0, cut);
    }
    return null;
  }

  function show(problems) {
    form.querySelectorAll(".problems").forEach(function (ul) {
      ul.replaceChildren();
    });
    form.querySelectorAll(".has-error, .has-warning").forEach(function (el) {
      el.classList.remove("has-error", "has-warning");
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
    });
    const general = document.getElementById("general");
    problems.forEach(function (p) {
      const holder = p.field ? fieldFor(p.field) : null;
      const list = holder ? holder.querySelector(":scope > .problems") : general;
      const li = document.createElement("li");
      li.className = p.warning ? "warning" : "error";
      li.textContent = (p.warning ? "Warning: " : "") + p.message;
      if (holder && p.field && holder.dataset.field !== p.field) {
        li.textContent = p.field + ": " + li.textContent;
      }
      list.appendChild(li);
      if (holder) {
        holder.classList.add(p.warning ? "has-warning" : "has-error");
        const input = holder.querySelector(":scope > input:not([type=hidden]), :scope > select, :scope > textarea, :scope > span > input");
        if (input && !p.warning) input.setAttribute("aria-invalid", "true");
      }
    });
    document.getElementById("all-good").hidden = problems.length > 0;
  }

  function showContrast(found) {
    form.querySelectorAll(".field-colour").forEach(function (holder) {
      let out = holder.querySelector("output.contrast");
      if (!out) {
        out = document.createElement("output");
        out.className = "contrast";
        holder.querySelector(".colour").after(out);
      }
      out.textContent = found[holder.dataset.field] || "";
    });
  }

  let checkSeq = 0;
  async function check() {
    checkSeq += 1;
    const mine = checkSeq;
    try {
      const answer = await post("check", new FormData(form));
      const found = await answer.json();
      // An answer to an older edit that arrives late is not shown.
      if (answer.ok && mine === checkSeq) {
        show(found.problems);
        showContrast(found.contrast || {});
      }
    } catch (error) {
      unreachable();
    }
  }

  // --- the proof ------------------------------------------------------------
  const pick = {
    product: document.getElementById("proof-product"),
    size: document.getElementById("proof-size"),
    band: document.getElementById("proof-band"),
    languages: document.getElementById("proof-languages"),
  };
  const pages = document.getElementById("pages");
  const proofState = document.getElementById("proof-state");
  const proofProblems = document.getElementById("proof-problems");

  function fill(select, values, chosen) {
    select.replaceChildren();
    values.forEach(function (v) {
      const option = document.createElement("option");
      option.value = v;
      option.textContent = v.replace("+", " and ");
      option.selected = v === chosen;
      select.appendChild(option);
    });
    select.disabled = values.length < 2;
    select.closest("label").hidden = values.length === 0;
  }

  async function proof() {
    proofSeq += 1;
    if (proofAbort) proofAbort.abort();
    proofAbort = new AbortController();
    const data = new FormData(form);
    data.set("_product", pick.product.value);
    data.set("_size", pick.size.value);
    data.set("_band", pick.band.value);
    data.set("_languages", pick.languages.value);
    data.set("_seq", String(proofSeq));
    data.set("_viewer", viewer);
    proofState.textContent = "Drawing the proof…";
    pages.setAttribute("aria-busy", "true");
    let answer;
    try {
      answer = await (await post("proof", data, proofAbort.signal)).json();
    } catch (error) {
      if (error.name !== "AbortError") proofState.textContent = "The proof could not be drawn: is safeprint serve still running?";
      return;
    }
    if (answer.superseded) return;
    pages.removeAttribute("aria-busy");
    proofProblems.replaceChildren();
    const notes = (answer.problems || []).concat(answer.warnings || []);
    notes.forEach(function (p) {
      const li = document.createElement("li");
      li.className = p.warning ? "warning" : "error";
      li.textContent = (p.field ? p.field + ": " : "") + p.message;
      proofProblems.appendChild(li);
    });
    if (answer.error) {
      proofState.textContent = answer.error;
      return;
    }
    if (!answer.pages) {
      proofState.textContent = "Fix the problems in the form to see the proof.";
      pages.classList.add("stale");
      return;
    }
    pages.classList.remove("stale");
    const chosen = answer.chosen || {};
    fill(pick.size, answer.choices.size, chosen.size);
    fill(pick.band, answer.choices.band, chosen.band);
    fill(pick.languages, answer.choices.languages, chosen.languages);
    pages.replaceChildren();
    answer.pages.forEach(function (src, i) {
      const figure = document.createElement("figure");
      const img = document.createElement("img");
      img.src = src;
      img.alt = "Page " + (i + 1) + " of " + answer.file;
      figure.appendChild(img);
      // Preflight names the page a warning is on: it is shown on that page.
      const here = (answer.warnings || []).filter(function (w) {
        return w.message.indexOf(", page " + (i + 1) + ":") !== -1;
      });
      if (here.length) {
        const caption = document.createElement("figcaption");
        caption.className = "page-warnings";
        caption.textContent = "On this page: " + here.map(function (w) {
          return w.message.split(", page " + (i + 1) + ": ").pop();
        }).join(" · ");
        figure.classList.add("has-warning");
        figure.appendChild(caption);
      }
      pages.appendChild(figure);
    });
    lastFile = answer.file;
    pages.dataset.file = answer.file;
    document.getElementById("download-pdf").href = base + "pdf/" + encodeURIComponent(lastFile);
    document.getElementById("pdf-link").hidden = false;
    proofState.textContent = answer.file + " · drawn in " + answer.ms + " ms";
  }

  const checkSoon = debounce(check, 350);
  const proofSoon = debounce(proof, 500);

  function edited() {
    dirty = true;
    say("Not saved");
    checkSoon();
    proofSoon();
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  Object.values(pick).forEach(function (select) {
    select.addEventListener("change", proof);
  });
  pick.product.addEventListener("change", function () {
    pick.size.value = pick.band.value = pick.languages.value = "";
  });

  // --- colours --------------------------------------------------------------
  form.querySelectorAll("input[type=color]").forEach(function (picker) {
    const text = document.getElementById(picker.dataset.for);
    picker.addEventListener("input", function () {
      text.value = picker.value;
    });
    text.addEventListener("input", function () {
      if (/^#[0-9a-fA-F]{6}$/.test(text.value)) picker.value = text.value;
    });
  });

  // --- rows: add, remove, reorder -------------------------------------------
  function renumber(fieldset) {
    const list = fieldset.dataset.list;
    const pattern = new RegExp("^" + list.replace(/[.[\]]/g, "\\$&") + "\\[[^\\]]*\\]");
    fieldset.querySelectorAll(":scope > ol > li.row").forEach(function (row, i) {
      const now = list + "[" + i + "]";
      [row].concat(Array.from(row.querySelectorAll("*"))).forEach(function (el) {
        ["name", "id", "for", "data-field", "data-for", "aria-describedby"].forEach(function (attr) {
          const value = el.getAttribute(attr);
          if (!value) return;
          // Ids are the field's name after "f-" (inputs) or "h-" (descriptions).
          const prefix = /^[fh]-/.test(value) && attr !== "name" && attr !== "data-field" ? value.slice(0, 2) : "";
          if (pattern.test(value.slice(prefix.length))) {
            el.setAttribute(attr, prefix + value.slice(prefix.length).replace(pattern, now));
          }
        });
      });
    });
  }

  // One text for every language, turned into one per language of the school.
  function perLanguage(button) {
    const holder = button.closest(".field");
    const name = holder.dataset.field;
    const single = holder.querySelector('[name="' + CSS.escape(name) + '"]');
    const codes = (form.querySelector('[name="languages"]').value.match(/[a-z]{2,3}/g) || ["en"]);
    const label = holder.querySelector(":scope > label");
    const title = document.createElement("span");
    title.className = "label";
    title.textContent = label.textContent;
    label.replaceWith(title);
    const home = codes.indexOf("en") !== -1 ? "en" : codes[0];
    const place = document.createDocumentFragment();
    codes.forEach(function (code) {
      const sub = document.createElement("label");
      sub.className = "sub";
      sub.htmlFor = "f-" + name + "." + code;
      sub.textContent = code;
      const input = document.createElement("input");
      input.id = sub.htmlFor;
      input.name = name + "." + code;
      input.lang = code;
      input.dir = "auto";
      input.value = code === home ? single.value : "";
      place.append(sub, input);
    });
    single.replaceWith(place);
    button.remove();
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.classList.contains("per-language")) {
      perLanguage(button);
      edited();
      return;
    }
    const fieldset = button.closest("fieldset.rows");
    const row = button.closest("li.row");
    if (button.classList.contains("add-row")) {
      const copy = fieldset.querySelector(":scope > template").content.cloneNode(true);
      fieldset.querySelector(":scope > ol").appendChild(copy);
    } else if (button.classList.contains("remove-row")) {
      row.remove();
    } else if (button.classList.contains("move-up") && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (button.classList.contains("move-down") && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    renumber(fieldset);
    edited();
    bindUploads();
  });

  // --- photos: chosen, placed in their circle, sent ---------------------------
  const crop = {
    dialog: document.getElementById("crop"),
    frame: document.getElementById("crop-frame"),
    image: document.getElementById("crop-image"),
    zoom: document.getElementById("crop-zoom"),
    x: 0.5,
    y: 0.5,
  };

  function placeCrop() {
    const w = crop.image.naturalWidth;
    const h = crop.image.naturalHeight;
    if (!w || !h) return;
    const size = crop.frame.clientWidth;
    const zoom = Number(crop.zoom.value);
    const half = Math.min(w, h) / (2 * zoom);
    crop.x = Math.min(Math.max(crop.x, half / w), 1 - half / w);
    crop.y = Math.min(Math.max(crop.y, half / h), 1 - half / h);
    const scale = (size * zoom) / Math.min(w, h);
    crop.image.style.width = w * scale + "px";
    crop.image.style.height = h * scale + "px";
    crop.image.style.left = size / 2 - crop.x * w * scale + "px";
    crop.image.style.top = size / 2 - crop.y * h * scale + "px";
  }

  crop.zoom.addEventListener("input", placeCrop);
  crop.image.addEventListener("load", placeCrop);
  crop.frame.addEventListener("pointerdown", function (event) {
    crop.frame.setPointerCapture(event.pointerId);
    let last = [event.clientX, event.clientY];
    function move(e) {
      const scale = crop.image.clientWidth / crop.image.naturalWidth;
      crop.x -= (e.clientX - last[0]) / (crop.image.naturalWidth * scale);
      crop.y -= (e.clientY - last[1]) / (crop.image.naturalHeight * scale);
      last = [e.clientX, e.clientY];
      placeCrop();
    }
    function up() {
      crop.frame.removeEventListener("pointermove", move);
      crop.frame.removeEventListener("pointerup", up);
    }
    crop.frame.addEventListener("pointermove", move);
    crop.frame.addEventListener("pointerup", up);
  });

  function choosePlace(file) {
    // The circle's square of the photo, or null to send it as it is.
    return new Promise(function (resolve) {
      if (!crop.dialog || !crop.dialog.showModal || file.type === "image/svg+xml") {
        resolve(null);
        return;
      }
      const url = URL.createObjectURL(file);
      crop.x = crop.y = 0.5;
      crop.zoom.value = "1";
      crop.image.src = url;
      crop.dialog.showModal();
      function done(place) {
        crop.dialog.close();
        URL.revokeObjectURL(url);
        document.getElementById("crop-use").onclick = null;
        document.getElementById("crop-cancel").onclick = null;
        resolve(place);
      }
      document.getElementById("crop-use").onclick = function () {
        done({ x: crop.x, y: crop.y, zoom: Number(crop.zoom.value) });
      };
      document.getElementById("crop-cancel").onclick = function () {
        done(false);
      };
    });
  }

  async function sendPicture(input) {
    const file = input.files[0];
    const isPhoto = /\.photo$/.test(input.dataset.for);
    const place = isPhoto ? await choosePlace(file) : null;
    input.value = "";
    if (place === false) return;
    const data = new FormData();
    data.set("file", file);
    if (place) {
      data.set("x", place.x.toFixed(4));
      data.set("y", place.y.toFixed(4));
      data.set("zoom", place.zoom.toFixed(3));
    }
    say("Sending the picture…");
    const response = await post("photo", data);
    const answer = await response.json();
    const holder = input.closest(".field");
    const list = holder.querySelector(":scope > .problems");
    list.replaceChildren();
    if (!response.ok) {
      const li = document.createElement("li");
      li.className = "error";
      li.textContent = answer.error;
      list.appendChild(li);
      say("The picture was not kept");
      return;
    }
    document.getElementById(input.dataset.for).value = answer.path;
    say("Picture kept as " + answer.path);
    edited();
  }

  function bindUploads() {
    form.querySelectorAll("input[type=file]:not([data-bound])").forEach(function (input) {
      input.dataset.bound = "1";
      input.addEventListener("change", function (event) {
        event.stopPropagation();
        if (input.files.length) sendPicture(input).catch(unreachable);
      });
    });
  }
  bindUploads();

  // --- saving ---------------------------------------------------------------
  async function save(keepBoth) {
    const data = new FormData(form);
    if (keepBoth) data.set("_keep_both", "1");
    say("Saving…");
    const response = await post("save", data);
    const answer = await response.json();
    const conflict = document.getElementById("conflict");
    if (response.status === 409) {
      conflict.hidden = false;
      say("Not saved: the file changed on disk");
      return;
    }
    if (!response.ok) {
      say("Not saved: " + (answer.error || response.statusText));
      return;
    }
    conflict.hidden = true;
    if (answer.moved) {
      say("Saved beside it as " + answer.saved + " (the file on disk is unchanged)");
    } else {
      document.getElementById("digest").value = answer.digest;
      // Each row is now where the page shows it, in the file too.
      form.querySelectorAll('input[name$="._from"]').forEach(function (input) {
        const at = input.name.match(/\[(\d+)\]\._from$/);
        if (at) input.value = at[1];
      });
      dirty = false;
      say("Saved");
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save(false).catch(unreachable);
  });
  document.getElementById("reload").addEventListener("click", function () {
    dirty = false;
    location.reload();
  });
  document.getElementById("keep-both").addEventListener("click", function () {
    save(true).catch(unreachable);
  });
  document.getElementById("download-pack").addEventListener("click", function () {
    say("Making the whole pack from the saved file: this can take a minute…");
  });
  document.getElementById("download-pdf").addEventListener("click", function () {
    say("Making " + lastFile + " from the saved file…");
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) event.preventDefault();
  });

  check();
  proof();
})();
