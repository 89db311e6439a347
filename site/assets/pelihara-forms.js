/* Pelihara: the site's two forms, working from the static files alone (no request leaves the
   page, no server, no CDN).
   - "Catat langkah" on an open case page: the legal next steps and the fields each needs, with
     the case schema's rules (window.PELIHARA_STEP_FORM, written at build time by
     tooling/pelihara/site/step_form.py), validated here; it writes the `pelihara` command, the
     YAML event to append and a link to GitLab's web editor.
   - "Laporkan kerusakan" (the intake page): a prefilled confidential GitLab issue, or without a
     GitLab address a memo text and a `pelihara new` command (tooling/pelihara/site/sections/intake.py).
   Both hash attached files with SHA-256 here, in plain JavaScript: crypto.subtle exists only on
   https or localhost, and an intranet site is often neither. */
(function () {
  "use strict";

  // --- SHA-256 (FIPS 180-4) -----------------------------------------------------------------
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2];

  function sha256(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
             0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length, total = ((length + 9 + 63) >> 6) << 6;
    var data = new Uint8Array(total);
    data.set(bytes);
    data[length] = 0x80;
    var view = new DataView(data.buffer);
    view.setUint32(total - 8, Math.floor(length / 0x20000000));
    view.setUint32(total - 4, (length << 3) >>> 0);
    var w = new Uint32Array(64);
    for (var offset = 0; offset < total; offset += 64) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (i = 16; i < 64; i++) {
        var a = w[i - 15], b = w[i - 2];
        var s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
        var s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      var A = h[0], B = h[1], C = h[2], D = h[3], E = h[4], F = h[5], G = h[6], H = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = ((E >>> 6) | (E << 26)) ^ ((E >>> 11) | (E << 21)) ^ ((E >>> 25) | (E << 7));
        var t1 = (H + S1 + ((E & F) ^ (~E & G)) + K[i] + w[i]) >>> 0;
        var S0 = ((A >>> 2) | (A << 30)) ^ ((A >>> 13) | (A << 19)) ^ ((A >>> 22) | (A << 10));
        var t2 = (S0 + ((A & B) ^ (A & C) ^ (B & C))) >>> 0;
        H = G; G = F; F = E; E = (D + t1) >>> 0; D = C; C = B; B = A; A = (t1 + t2) >>> 0;
      }
      h[0] = (h[0] + A) >>> 0; h[1] = (h[1] + B) >>> 0; h[2] = (h[2] + C) >>> 0;
      h[3] = (h[3] + D) >>> 0; h[4] = (h[4] + E) >>> 0; h[5] = (h[5] + F) >>> 0;
      h[6] = (h[6] + G) >>> 0; h[7] = (h[7] + H) >>> 0;
    }
    return h.map(function (x) { return ("00000000" + x.toString(16)).slice(-8); }).join("");
  }

  // --- helpers shared by both forms -----------------------------------------------------------

  /* The name an attached file gets in evidence/<case>/ (core/evidence_files.safe_name). */
  function safeName(name) {
    var cut = name.lastIndexOf("."), stem = name, suffix = "";
    if (cut > 0) { stem = name.slice(0, cut); suffix = name.slice(cut + 1); }
    var cleanStem = stem.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[-_]+|[-_]+$/g, "");
    var cleanSuffix = suffix.replace(/[^A-Za-z0-9_-]+/g, "");
    if (!cleanStem && cleanSuffix) cleanStem = "dokumen";
    var result = cleanStem + (cleanSuffix ? "." + cleanSuffix : "");
    result = result.slice(-120).replace(/^[-_.]+/, "");
    return /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/.test(result) ? result : "";
  }

  /* One word for a POSIX shell: plain when safe, else single-quoted. */
  function shellQuote(text) {
    if (/^[A-Za-z0-9_@%+=:,.\/-]+$/.test(text)) return text;
    return "'" + text.replace(/'/g, "'\\''") + "'";
  }

  var PLAIN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
  var ID = /^[a-z0-9][a-z0-9_-]*$/;
  /* A YAML scalar: identifiers and file names plain, everything else double-quoted (JSON
     strings are valid YAML double-quoted scalars: no tag, no alias, no surprise like `no`, a
     number or a date). */
  function yamlScalar(value) {
    return PLAIN.test(value) && !/^(no|yes|on|off|true|false|null|y|n|nan|inf)$/i.test(value) ?
      value : JSON.stringify(value);
  }

  function yamlLines(key, value, indent) {
    var pad = new Array(indent + 1).join(" ");
    if (Array.isArray(value)) {
      if (value.every(function (v) { return typeof v === "string" && ID.test(v) &&
                                         yamlScalar(v) === v; })) {
        return [pad + key + ": [" + value.join(", ") + "]"];
      }
      var lines = [pad + key + ":"];
      value.forEach(function (item) {
        if (typeof item === "object") {
          var keys = Object.keys(item);
          keys.forEach(function (k, i) {
            lines.push(pad + (i === 0 ? "- " : "  ") + k + ": " + yamlScalar(item[k]));
          });
        } else {
          lines.push(pad + "- " + yamlScalar(item));
        }
      });
      return lines;
    }
    if (typeof value === "object") {
      var nested = [pad + key + ":"];
      Object.keys(value).forEach(function (k) {
        nested = nested.concat(yamlLines(k, value[k], indent + 2));
      });
      return nested;
    }
    return [pad + key + ": " + yamlScalar(value)];
  }

  /* An event as the lines of one `events:` item (dash at column 2, like the case files). */
  function yamlEvent(event) {
    var lines = [];
    Object.keys(event).forEach(function (key, i) {
      var part = yamlLines(key, event[key], 4);
      if (i === 0) part[0] = "  - " + part[0].slice(4);
      lines = lines.concat(part);
    });
    return lines.join("\n");
  }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  /* A moment as the value of a datetime-local input, on the WIB clock (UTC+7) whatever the
     reader's own time zone: the standard's times are WIB. */
  function wibInput(ms) {
    var d = new Date(ms + 7 * 3600000);
    return d.getUTCFullYear() + "-" + pad2(d.getUTCMonth() + 1) + "-" + pad2(d.getUTCDate()) +
      "T" + pad2(d.getUTCHours()) + ":" + pad2(d.getUTCMinutes());
  }

  function wibMs(inputValue) {
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(inputValue) ?
      Date.parse(inputValue + ":00+07:00") : NaN;
  }

  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                "September", "Oktober", "November", "Desember"];

  /* '27 Nov 2026 07.40 WIB', as the site and `pelihara sla` write a moment. */
  function wibText(ms) {
    var v = wibInput(ms);
    return Number(v.slice(8, 10)) + " " + MONTHS[Number(v.slice(5, 7)) - 1].slice(0, 3) + " " +
      v.slice(0, 4) + " " + v.slice(11).replace(":", ".") + " WIB";
  }

  var uid = 0;
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] === true) node.setAttribute(key, "");
      else if (attrs[key] !== false && attrs[key] != null) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function copyText(text, button) {
    var done = function () {
      button.textContent = "Tersalin";
      setTimeout(function () { button.textContent = button.getAttribute("data-label"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    var area = el("textarea", {"aria-hidden": "true", style: "position:fixed;left:-9999px"});
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selectable */ }
    document.body.removeChild(area);
  }

  function outputBlock(title, id) {
    var code = el("code", {id: id});
    var button = el("button", {type: "button", class: "pelihara-button", "data-label": "Salin " +
      title.toLowerCase()}, ["Salin " + title.toLowerCase()]);
    button.addEventListener("click", function () { copyText(code.textContent, button); });
    return {node: el("div", {class: "pelihara-output"}, [el("h3", {}, [title]),
                                                          el("pre", {}, [code]), button]),
            code: code};
  }

  function readFiles(input, done) {
    var files = Array.prototype.slice.call(input.files || []), out = [], left = files.length;
    if (!left) { done(out); return; }
    files.forEach(function (file, index) {
      var reader = new FileReader();
      reader.onload = function () {
        out[index] = {original: file.name, file: safeName(file.name),
                      sha256: sha256(new Uint8Array(reader.result))};
        if (--left === 0) done(out);
      };
      reader.readAsArrayBuffer(file);
    });
  }

  // --- validation with the schema's rules ------------------------------------------------------

  function ruleError(value, rules, required) {
    var empty = value == null || value === "" || (Array.isArray(value) && !value.length);
    if (empty) return required ? "Wajib diisi." : "";
    rules = rules || {};
    if (Array.isArray(value)) {
      if (rules.minItems && value.length < rules.minItems)
        return "Pilih paling sedikit " + rules.minItems + ".";
      if (rules.uniqueItems && new Set(value).size !== value.length) return "Ada isian ganda.";
      for (var i = 0; i < value.length; i++) {
        var inner = ruleError(value[i], rules.items, true);
        if (inner) return inner;
      }
      return "";
    }
    if (rules.enum && rules.enum.indexOf(value) < 0) return "Pilih salah satu pilihan.";
    if (rules.minLength && value.length < rules.minLength) return "Terlalu pendek.";
    if (rules.maxLength && value.length > rules.maxLength)
      return "Paling banyak " + rules.maxLength + " karakter.";
    if (rules.pattern && !new RegExp(rules.pattern, "u").test(value))
      return "Bentuknya tidak sesuai (" + rules.pattern + ").";
    if (rules.format === "date" && isNaN(Date.parse(value + "T00:00:00Z")))
      return "Tanggal tidak sah.";
    return "";
  }

  function fieldBox(id, label, control, hint) {
    var error = el("p", {class: "pelihara-field-error", id: id + "-error", hidden: true});
    var described = [hint ? id + "-hint" : null, id + "-error"].filter(Boolean).join(" ");
    control.setAttribute("aria-describedby", described);
    var children = [el("label", {for: id}, [label]), control];
    if (hint) children.push(el("p", {class: "pelihara-hint", id: id + "-hint"}, [hint]));
    children.push(error);
    return el("div", {class: "pelihara-field"}, children);
  }

  function groupBox(id, legend, items, hint) {
    var error = el("p", {class: "pelihara-field-error", id: id + "-error", hidden: true});
    var children = [el("legend", {}, [legend])].concat(items);
    if (hint) children.push(el("p", {class: "pelihara-hint"}, [hint]));
    children.push(error);
    return el("fieldset", {class: "pelihara-field", id: id, "aria-describedby": id + "-error"},
              children);
  }

  function showError(box, message) {
    var error = box.querySelector(".pelihara-field-error");
    error.textContent = message;
    error.hidden = !message;
    box.querySelectorAll("input, select, textarea").forEach(function (c) {
      if (message) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
    });
  }

  // --- "Catat langkah" -----------------------------------------------------------------------

  function choiceList(spec, field) {
    if (field.choices) return spec.choices[field.choices] || [];
    var values = (field.rules.items && field.rules.items.enum) || field.rules.enum || [];
    var labels = spec.labels[field.name === "reason" ? "cancel" : field.name] || {};
    return values.map(function (v) { return [v, labels[v] ? v + " — " + labels[v] : v]; });
  }

  function control(spec, field, id) {
    var required = field.required;
    if (field.input === "select") {
      var options = [el("option", {value: ""}, ["— pilih —"])].concat(
        choiceList(spec, field).map(function (c) { return el("option", {value: c[0]}, [c[1]]); }));
      return {node: fieldBox(id, field.label, el("select", {id: id, required: required}, options)),
              read: function (box) { return box.querySelector("select").value; }};
    }
    if (field.input === "checkboxes") {
      var boxes = choiceList(spec, field).map(function (c, i) {
        var cid = id + "-" + i;
        return el("div", {class: "pelihara-check"}, [
          el("input", {type: "checkbox", id: cid, value: c[0]}), el("label", {for: cid}, [c[1]])]);
      });
      return {node: groupBox(id, field.label + (required ? " (wajib)" : ""), boxes),
              read: function (box) {
                return Array.prototype.slice.call(box.querySelectorAll("input:checked"))
                  .map(function (c) { return c.value; });
              }};
    }
    if (field.input === "tests") {
      var rows = field.tests.map(function (test) {
        var rid = id + "-" + test.key;
        return el("div", {class: "pelihara-test", "data-test": test.key}, [
          el("label", {for: rid}, [test.key + ". " + test.label]),
          el("select", {id: rid, required: test.required},
             [el("option", {value: ""}, ["— hasil —"])].concat(test.results.map(function (r) {
               return el("option", {value: r}, [r]);
             }))),
          el("label", {for: rid + "-notes"}, ["Catatan uji " + test.key]),
          el("input", {type: "text", id: rid + "-notes"})]);
      });
      return {node: groupBox(id, field.label + " a, b, c (wajib)", rows),
              read: function (box) {
                var out = {};
                box.querySelectorAll("[data-test]").forEach(function (row) {
                  var result = row.querySelector("select").value;
                  var notes = row.querySelector("input").value.trim();
                  if (result) out[row.getAttribute("data-test")] = notes ?
                    {result: result, notes: notes} : {result: result};
                });
                return out;
              }};
    }
    if (field.input === "files") {
      var input = el("input", {type: "file", id: id, multiple: true});
      var box = fieldBox(id, field.label, input,
                         "SHA-256 dihitung di peramban ini; berkasnya tidak dikirim ke mana pun.");
      box.pelihara = [];
      input.addEventListener("change", function () {
        box.pelihara = null;
        readFiles(input, function (files) { box.pelihara = files; });
      });
      return {node: box, read: function (b) { return b.pelihara; }};
    }
    var tag = field.input === "textarea" || field.input === "lines" ? "textarea" : "input";
    var type = {date: "date", datetime: "datetime-local"}[field.input] || "text";
    var attrs = {id: id, required: required};
    if (tag === "input") attrs.type = type;
    if (tag === "textarea") attrs.rows = field.input === "lines" ? 3 : 2;
    if (field.rules.maxLength) attrs.maxlength = field.rules.maxLength;
    return {node: fieldBox(id, field.label, el(tag, attrs)),
            read: function (b) {
              var value = b.querySelector(tag).value;
              if (field.input === "lines") {
                return value.split("\n").map(function (s) { return s.trim(); })
                  .filter(Boolean);
              }
              return field.input === "datetime" ? value : value.replace(/\s+/g, " ").trim();
            }};
  }

  function setPath(target, path, value) {
    var node = target;
    for (var i = 0; i < path.length - 1; i++) node = node[path[i]] = node[path[i]] || {};
    node[path[path.length - 1]] = value;
  }

  function stepForm(root) {
    var spec = window.PELIHARA_STEP_FORM;
    var data = JSON.parse(root.querySelector(".pelihara-step-data").textContent);
    if (!spec || !data.next.length) return;
    var prefix = "pl" + (++uid);
    var kind = el("select", {id: prefix + "-kind", required: true},
      [el("option", {value: ""}, ["— pilih langkah —"])].concat(data.next.map(function (k) {
        var label = spec.kinds[k].label + (data.ends[k] ? " (selesai " + data.ends[k] + ")" : "");
        return el("option", {value: k}, [label]);
      })));
    var at = el("input", {type: "datetime-local", id: prefix + "-at", required: true,
                          value: wibInput(Date.now())});
    var commit = el("input", {type: "checkbox", id: prefix + "-commit", checked: true});
    var fields = el("div", {class: "pelihara-fields"});
    var summary = el("div", {class: "pelihara-form-errors", role: "alert"});
    var command = outputBlock("Perintah", prefix + "-command");
    var yaml = outputBlock("YAML", prefix + "-yaml");
    var edit = el("p", {class: "pelihara-edit"});
    var output = el("div", {class: "pelihara-form-output", hidden: true},
                    [command.node, yaml.node, edit]);
    var lastMs = Date.parse(data.last);
    var deadlineMs = data.deadline ? Date.parse(data.deadline) : NaN;
    var kindBox = fieldBox(prefix + "-kind", "Langkah berikutnya", kind);
    var atBox = fieldBox(prefix + "-at", "Waktu kejadian (WIB)", at,
                         "Tidak sebelum peristiwa terakhir (" + wibText(lastMs) +
                         ") dan tidak di masa depan." + (isNaN(deadlineMs) ? "" :
                         " Tenggat langkah " + data.step + ": " + wibText(deadlineMs) + "."));
    var commitBox = el("div", {class: "pelihara-check"}, [commit, el("label", {
      for: prefix + "-commit"}, ["Sertakan --commit (satu commit berisi langkah ini)"])]);
    var button = el("button", {type: "submit", class: "pelihara-button pelihara-submit"},
                    ["Buat perintah dan YAML"]);
    var form = el("form", {class: "pelihara-form", novalidate: true},
                  [kindBox, atBox, fields, commitBox, button, summary, output]);
    root.appendChild(form);
    var current = [];

    kind.addEventListener("change", function () {
      fields.innerHTML = "";
      output.hidden = true;
      current = [];
      var chosen = spec.kinds[kind.value];
      if (!chosen) return;
      var extra = data.required[kind.value] || [];
      chosen.fields.forEach(function (field) {
        var f = Object.assign({}, field);
        if (extra.indexOf(f.name) >= 0) {
          f.required = true;
          f.label += " (wajib untuk langkah " + data.ends[kind.value] + ")";
        }
        var made = control(spec, f, prefix + "-" + f.name.replace(/\./g, "-"));
        fields.appendChild(made.node);
        current.push({field: f, box: made.node, read: made.read});
      });
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var made = build();
      summary.textContent = made.problems.length ?
        "Periksa isian: " + made.problems.join(", ") + "." : "";
      output.hidden = true;
      if (made.problems.length) return;
      command.code.textContent = made.words.map(shellQuote).join(" ");
      yaml.code.textContent = yamlEvent(made.event);
      edit.innerHTML = "";
      if (data.edit) {
        edit.appendChild(el("a", {href: data.edit, rel: "noopener"},
                            ["Sunting " + data.file + " di editor GitLab"]));
        edit.appendChild(document.createTextNode(
          ": tempel YAML di atas di akhir daftar events:, simpan ke cabang baru, lalu buat " +
          "merge request."));
      } else {
        edit.appendChild(document.createTextNode(
          "Situs ini dibangun tanpa alamat GitLab (repo_url), jadi tidak ada tautan editor: " +
          "tambahkan YAML di atas di akhir events: pada " + data.file + "."));
      }
      if (made.files.length) {
        edit.appendChild(el("br"));
        edit.appendChild(document.createTextNode(
          "Lewat GitLab, unggah juga " + made.files.map(function (d) {
            return "evidence/" + data.case + "/" + d.file; }).join(", ") +
          "; perintah di atas menyalinnya sendiri."));
      }
      output.hidden = false;
    });

    /* The event, the command words and the fields that do not pass, from the inputs. */
    function build() {
      var problems = [], files = [];
      var chosen = spec.kinds[kind.value];
      showError(kindBox, chosen ? "" : "Pilih langkah berikutnya.");
      if (!chosen) problems.push("Langkah berikutnya");
      var atMs = wibMs(at.value);
      var atError = isNaN(atMs) ? "Isi tanggal dan jam." : atMs < lastMs ?
        "Sebelum peristiwa terakhir (" + wibText(lastMs) + ")." : atMs > Date.now() + 60000 ?
        "Waktu ini di masa depan." : "";
      showError(atBox, atError);
      if (atError) problems.push("Waktu kejadian");
      var event = {event: kind.value, at: at.value + ":00+07:00"};
      var words = ["pelihara", chosen ? chosen.command : "advance", data.case];
      if (!chosen || chosen.command === "advance") words.push(kind.value);
      words.push("--at", at.value + "+07:00");
      // A step that ends after its deadline needs its reason (the SLA rule of `check`).
      var late = Boolean(data.ends[kind.value]) && !isNaN(deadlineMs) && atMs > deadlineMs;
      current.forEach(function (item) {
        var f = item.field, value = item.read(item.box), message;
        if (value === null) {
          message = "Tunggu: SHA-256 berkas masih dihitung.";
        } else if (f.input === "tests") {
          var missing = f.tests.filter(function (t) { return t.required && !value[t.key]; });
          message = missing.length ? "Isi hasil uji " + missing.map(function (t) {
            return t.key; }).join(", ") + "." : "";
        } else if (f.name === "late_reason" && late && !value) {
          message = "Wajib diisi: langkah " + data.ends[kind.value] + " melewati tenggatnya (" +
            wibText(deadlineMs) + ").";
        } else if (f.name === "duplicate_of" && event.reason === "duplikat" && !value) {
          message = "Wajib diisi untuk alasan duplikat.";
        } else {
          message = ruleError(value, f.mode === "attach" ? {} : f.rules, f.required);
        }
        showError(item.box, message);
        if (message) { problems.push(f.label); return; }
        var empty = value === "" || (Array.isArray(value) && !value.length) ||
          (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length);
        if (empty) return;
        if (f.mode === "attach") {
          files = value;
          setPath(event, f.path, value.map(function (d) {
            return {file: d.file, sha256: d.sha256}; }));
          value.forEach(function (d) { words.push(f.option, d.original); });
          return;
        }
        if (f.input === "datetime") {
          setPath(event, f.path, value + ":00+07:00");
          words.push(f.option, value + "+07:00");
          return;
        }
        setPath(event, f.path, value);
        if (f.mode === "list") words.push(f.option, value.join(","));
        else if (f.mode === "repeat") value.forEach(function (v) { words.push(f.option, v); });
        else if (f.mode === "tests") Object.keys(value).forEach(function (k) {
          words.push(f.option, k + "=" + value[k].result +
                     (value[k].notes ? ":" + value[k].notes : ""));
        });
        else words.push(f.option, value);
      });
      if (commit.checked) words.push("--commit");
      return {event: event, words: words, files: files, problems: problems};
    }
  }

  // --- "Laporkan kerusakan" -------------------------------------------------------------------

  function longDate(isoDate) {
    var p = isoDate.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  /* The pelihara-intake block: what `pelihara intake` reads back from the issue or e-mail. */
  function intakeBlock(r) {
    var lines = ["```yaml pelihara-intake", "unit: " + r.unit, "application: " + r.application,
                 "title: " + JSON.stringify(r.title),
                 "description: " + JSON.stringify(r.description),
                 "contact: " + JSON.stringify(r.contact),
                 "since: " + JSON.stringify(r.since + ":00+07:00"),
                 "memo:", "  number: " + JSON.stringify(r.memoNumber),
                 "  date: " + JSON.stringify(r.memoDate),
                 "  sender: " + JSON.stringify(r.memoSender)];
    if (r.head) lines.push("  to: " + r.head);
    if (r.scan) lines.push("scan:", "  file: " + JSON.stringify(r.scan.file),
                           "  sha256: " + JSON.stringify(r.scan.sha256));
    if (r.confidential) lines.push("confidential: true");
    lines.push("```");
    return lines.join("\n");
  }

  function intakeForm(root) {
    var data = JSON.parse(root.querySelector(".pelihara-intake-data").textContent);
    var prefix = "lk" + (++uid);
    var names = {}, appNames = {};
    data.units.forEach(function (u) { names[u[0]] = u[1]; });
    data.applications.forEach(function (a) { appNames[a[0]] = a[1]; });
    function select(id, choices, label) {
      return el("select", {id: prefix + "-" + id, required: true},
        [el("option", {value: ""}, ["— pilih " + label + " —"])].concat(choices.map(function (c) {
          return el("option", {value: c[0]}, [c[1]]);
        })));
    }
    var inputs = {
      unit: select("unit", data.units, "unit kerja"),
      application: select("application", data.applications, "aplikasi"),
      title: el("input", {type: "text", id: prefix + "-title", required: true,
                          maxlength: data.rules.title.maxLength}),
      description: el("textarea", {id: prefix + "-description", required: true, rows: 4,
                                   maxlength: 2000}),
      since: el("input", {type: "datetime-local", id: prefix + "-since", required: true}),
      contact: el("input", {type: "text", id: prefix + "-contact", required: true}),
      memoNumber: el("input", {type: "text", id: prefix + "-memo-number", required: true}),
      memoDate: el("input", {type: "date", id: prefix + "-memo-date", required: true}),
      memoSender: el("input", {type: "text", id: prefix + "-memo-sender", required: true}),
      scan: el("input", {type: "file", id: prefix + "-scan", accept: ".pdf,application/pdf,image/*"}),
      confidential: el("input", {type: "checkbox", id: prefix + "-confidential"})
    };
    var boxes = {
      unit: fieldBox(prefix + "-unit", "Unit kerja pelapor", inputs.unit),
      application: fieldBox(prefix + "-application", "Sistem aplikasi yang rusak", inputs.application),
      title: fieldBox(prefix + "-title", "Apa yang terjadi (ringkas)", inputs.title,
                      "Contoh: Disposisi elektronik tidak sampai ke penerima."),
      description: fieldBox(prefix + "-description", "Uraian kerusakan", inputs.description,
                            "Gejala, pesan galat, siapa yang terdampak."),
      since: fieldBox(prefix + "-since", "Sejak kapan (WIB)", inputs.since),
      contact: fieldBox(prefix + "-contact", "Narahubung (nama, jabatan, telepon/ekstensi)",
                        inputs.contact),
      memoNumber: fieldBox(prefix + "-memo-number", "Nomor memorandum", inputs.memoNumber),
      memoDate: fieldBox(prefix + "-memo-date", "Tanggal memorandum", inputs.memoDate),
      memoSender: fieldBox(prefix + "-memo-sender", "Penanda tangan memorandum (jabatan)",
                           inputs.memoSender, "Misalnya Kepala Biro Umum."),
      scan: fieldBox(prefix + "-scan", "Pindaian memorandum (PDF)", inputs.scan,
                     "SHA-256 dihitung di peramban ini; berkasnya " + (data.issues ?
                     "dilampirkan sendiri di isu GitLab." : "dikirim bersama memorandum."))
    };
    var scanned = {value: undefined};
    inputs.scan.addEventListener("change", function () {
      scanned.value = null;
      readFiles(inputs.scan, function (files) { scanned.value = files[0]; });
    });
    inputs.unit.addEventListener("change", function () {
      if (!inputs.memoSender.value && names[inputs.unit.value]) {
        inputs.memoSender.value = "Kepala " + names[inputs.unit.value];
      }
    });
    var confidentialBox = el("div", {class: "pelihara-check"}, [inputs.confidential,
      el("label", {for: prefix + "-confidential"},
         ["Rahasia: kerusakan ini menyangkut keamanan atau data yang tidak boleh diketahui umum"])]);
    var summary = el("div", {class: "pelihara-form-errors", role: "alert"});
    var button = el("button", {type: "submit", class: "pelihara-button pelihara-submit"},
                    [data.issues ? "Siapkan isu GitLab" : "Susun memorandum"]);
    var output = el("div", {class: "pelihara-form-output", hidden: true});
    var order = ["unit", "application", "title", "description", "since", "contact", "memoNumber",
                 "memoDate", "memoSender", "scan"];
    var form = el("form", {class: "pelihara-form", novalidate: true},
                  order.map(function (k) { return boxes[k]; })
                    .concat([confidentialBox, button, summary, output]));
    root.appendChild(form);

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var problems = [];
      var r = {head: data.head.id, confidential: inputs.confidential.checked};
      order.forEach(function (key) {
        if (key === "scan") return;
        var value = inputs[key].value.replace(/\s+/g, " ").trim();
        if (key === "since" || key === "memoDate") value = inputs[key].value;
        var rules = key === "title" ? data.rules.title : {minLength: 1};
        var message = ruleError(value, rules, true);
        var nowMs = Date.now();
        if (!message && key === "since" && (isNaN(wibMs(value)) || wibMs(value) > nowMs)) {
          message = isNaN(wibMs(value)) ? "Isi tanggal dan jam." : "Waktu ini di masa depan.";
        }
        if (!message && key === "memoDate" && value > wibInput(nowMs).slice(0, 10)) {
          message = "Tanggal memorandum di masa depan.";
        }
        showError(boxes[key], message);
        if (message) problems.push(boxes[key].querySelector("label").textContent);
        r[key] = value;
      });
      var scanMessage = scanned.value === null ? "Tunggu: SHA-256 pindaian masih dihitung." : "";
      showError(boxes.scan, scanMessage);
      if (scanMessage) problems.push("Pindaian memorandum");
      summary.textContent = problems.length ? "Periksa isian: " + problems.join(", ") + "." : "";
      output.hidden = true;
      if (problems.length) return;
      if (scanned.value) r.scan = scanned.value;
      output.innerHTML = "";
      if (data.issues) issueOutput(data, r, names, appNames, output);
      else memoOutput(data, r, names, appNames, output);
      output.hidden = false;
    });
  }

  function reportLines(r, names, appNames) {
    var lines = ["**Unit kerja:** " + names[r.unit],
                 "**Aplikasi:** " + appNames[r.application],
                 "**Narahubung:** " + r.contact,
                 "**Terjadi sejak:** " + wibText(wibMs(r.since)),
                 "**Memorandum:** " + r.memoNumber + " tanggal " + longDate(r.memoDate) +
                 ", dari " + r.memoSender];
    if (r.scan) lines.push("**Pindaian memo:** " + r.scan.file + " (SHA-256 " + r.scan.sha256 +
                           "); lampirkan berkasnya di isu ini.");
    if (r.confidential) lines.push("**Rahasia:** ya");
    return lines;
  }

  function issueOutput(data, r, names, appNames, output) {
    var description = reportLines(r, names, appNames).join("\n") + "\n\n**Uraian:**\n" +
      r.description + "\n\n<!-- Data untuk `pelihara intake` (jangan diubah) -->\n" +
      intakeBlock(r) + "\n";
    var url = new URL(data.issues);
    if (data.template) url.searchParams.set("issuable_template", data.template);
    url.searchParams.set("issue[title]", "Laporan kerusakan: " + appNames[r.application] +
                         " — " + r.title);
    url.searchParams.set("issue[description]", description);
    url.searchParams.set("issue[confidential]", "true");
    output.appendChild(el("h3", {}, ["Isu GitLab siap dibuka"]));
    output.appendChild(el("p", {}, [
      el("a", {href: url.toString(), class: "pelihara-button pelihara-submit pelihara-issue-link",
               target: "_blank", rel: "noopener"}, ["Buka isu GitLab (rahasia)"])]));
    output.appendChild(el("p", {}, [
      "Di GitLab: periksa isiannya, " + (r.scan ? "seret " + r.scan.original +
      " ke kolom deskripsi, " : "") + "pastikan isu bertanda rahasia, lalu pilih Create issue. " +
      "Waktu isu dibuat menjadi waktu laporan Anda disampaikan."]));
  }

  function memoOutput(data, r, names, appNames, output) {
    var unit = names[r.unit], app = appNames[r.application];
    var memo = ["MEMORANDUM", "",
      "Nomor   : " + r.memoNumber,
      "Yth.    : " + (data.head.position || "Kepala Biro Dukungan Informatika"),
      "Dari    : " + r.memoSender,
      "Tanggal : " + longDate(r.memoDate),
      "Hal     : Laporan kerusakan " + app, "",
      "Dengan hormat, bersama ini kami laporkan kerusakan pada sistem aplikasi " + app +
      " yang digunakan " + unit + ".", "",
      r.title + ". " + r.description,
      "Kerusakan terjadi sejak " + wibText(wibMs(r.since)) + ".", "",
      "Narahubung: " + r.contact + "."].concat(
      r.scan ? ["Terlampir pindaian memorandum: " + r.scan.file + " (SHA-256 " +
                r.scan.sha256 + ")."] : [],
      r.confidential ? ["Laporan ini bersifat RAHASIA."] : [],
      ["", "Demikian kami sampaikan. Atas perhatian dan tindak lanjutnya kami ucapkan terima " +
       "kasih.", "", r.memoSender, "", "Data untuk petugas Biro DI (pelihara intake):",
       intakeBlock(r)]).join("\n");
    var words = ["pelihara", "new", "--title", r.title, "--application", r.application,
                 "--unit", r.unit, "--contact", r.contact, "--description",
                 r.description + " Terjadi sejak " + wibText(wibMs(r.since)) + ".",
                 "--memo-number", r.memoNumber, "--memo-date", r.memoDate,
                 "--memo-sender", r.memoSender];
    if (data.head.id) words.push("--memo-to", data.head.id);
    words.push("--at", wibInput(Date.now()) + "+07:00");
    if (r.scan) words.push("--attach", r.scan.original);
    if (r.confidential) words.push("--confidential");
    var memoBlock = outputBlock("Memorandum", "lk-memo");
    memoBlock.code.textContent = memo;
    var commandBlock = outputBlock("Perintah", "lk-command");
    commandBlock.code.textContent = words.map(shellQuote).join(" ");
    output.appendChild(memoBlock.node);
    output.appendChild(el("p", {}, ["Kirim memorandum ini (ditandatangani, dengan pindaiannya) " +
      "kepada Kepala Biro Dukungan Informatika. Petugas Biro DI membuka kasusnya dengan perintah " +
      "berikut; --at adalah waktu memorandum dikirim."]));
    output.appendChild(commandBlock.node);
  }

  window.PeliharaForms = {sha256: sha256, safeName: safeName, shellQuote: shellQuote,
                          yamlEvent: yamlEvent, wibInput: wibInput};

  function start() {
    document.querySelectorAll("[data-step-form]").forEach(stepForm);
    document.querySelectorAll("[data-intake-form]").forEach(intakeForm);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
