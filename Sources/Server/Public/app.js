// vtrans web page: upload, language pickers, live job progress over WebSocket, results.
// Plain JavaScript, no build step. The API is described in docs/api.md.
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const state = { pipelines: [], languages: null, jobs: new Map(), sockets: new Map(), selected: null };

// ---- API helpers -----------------------------------------------------------------------------

async function api(path, options = {}) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) throw new Error(errorText(body, response));
  return body;
}

function errorText(body, response) {
  const error = body && body.error;
  if (!error) return `The server answered ${response.status} ${response.statusText || ""}`.trim();
  const details = Array.isArray(error.details) && error.details.length ? "\n" + error.details.join("\n") : "";
  return error.message + details;
}

function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
}

function languageName(code) {
  const known = state.languages && state.languages.languages.find((language) => language.code === code);
  return known ? known.name : code;
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value.toFixed(1)} ${units[unit]}`;
}

// ---- The form --------------------------------------------------------------------------------

async function loadChoices() {
  const [pipelines, languages] = await Promise.all([
    api("/api/pipelines").catch(() => ({ pipelines: [] })),
    api("/api/languages").catch(() => ({ languages: [], sources: [], routes: [] })),
  ]);
  state.pipelines = pipelines.pipelines.filter((pipeline) => pipeline.usable);
  state.languages = languages;
  const select = $("#pipeline");
  select.replaceChildren(...state.pipelines.map((pipeline) => new Option(pipeline.name, pipeline.name)));
  if (pipelines.default_pipeline) select.value = pipelines.default_pipeline;
  const source = $("#source-language");
  const sources = new Set([...(languages.sources || []), ...(languages.languages || []).map((language) => language.code)]);
  for (const code of [...sources].sort()) source.append(new Option(languageName(code), code));
  pipelineChanged();
}

function currentPipeline() {
  return state.pipelines.find((pipeline) => pipeline.name === $("#pipeline").value);
}

function pipelineChanged() {
  const pipeline = currentPipeline();
  $("#pipeline-summary").textContent = pipeline ? pipeline.summary : "No pipeline is installed.";
  $("#subtitles-field").hidden = !(pipeline && pipeline.needs_subtitles);
  $("#burn-in").disabled = !(pipeline && pipeline.burn_in);
  if ($("#burn-in").disabled) $("#burn-in").checked = false;
  const translates = pipeline && pipeline.stages.some((stage) => stage.parameters.some((name) => ["target", "targets", "target_language", "target_languages"].includes(name)));
  $("#targets-field").hidden = !translates;
  sourceChanged();
}

function sourceChanged() {
  const box = $("#target-languages");
  const source = $("#source-language").value;
  const languages = state.languages || { routes: [], languages: [] };
  const route = languages.routes.find((entry) => entry.source === source);
  const targets = route ? route.targets : [...new Set(languages.routes.flatMap((entry) => entry.targets))].sort();
  const checked = new Set([...box.querySelectorAll("input:checked")].map((input) => input.value));
  box.replaceChildren(...targets.map((code) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.name = "target_languages";
    input.value = code;
    input.checked = checked.has(code);
    label.append(input, ` ${languageName(code)}`);
    return label;
  }));
  $("#targets-hint").textContent = targets.length ? "" : (languages.error ? `No translation available: ${languages.error}` : "No translation available for this language.");
}

function submitJob(event) {
  event.preventDefault();
  const form = $("#job-form");
  const errorBox = $("#form-error");
  showError(errorBox, "");
  const file = $("#file").files[0];
  if (!file) { showError(errorBox, "Choose a video to upload."); $("#file").focus(); return; }
  const pipeline = currentPipeline();
  if (pipeline && pipeline.needs_subtitles && !$("#subtitles").files[0]) {
    showError(errorBox, "This pipeline needs a subtitle file (.srt or .vtt)."); $("#subtitles").focus(); return;
  }

  // Text fields first, files last: the server reads the form as it arrives.
  const data = new FormData();
  data.append("pipeline", $("#pipeline").value);
  data.append("source_language", $("#source-language").value);
  for (const input of form.querySelectorAll("#target-languages input:checked")) data.append("target_languages", input.value);
  data.append("burn_in", $("#burn-in").checked ? "true" : "false");
  for (const line of $("#overrides").value.split("\n").map((text) => text.trim()).filter(Boolean)) data.append("overrides", line);
  data.append("idempotency_key", `${file.name}-${file.size}-${file.lastModified}-${Date.now()}`);
  if (!$("#subtitles-field").hidden && $("#subtitles").files[0]) data.append("subtitles", $("#subtitles").files[0]);
  data.append("file", file);

  const button = $("#submit");
  const progress = $("#upload-progress");
  const status = $("#upload-status");
  button.disabled = true;
  progress.hidden = false;
  progress.value = 0;
  status.textContent = `Uploading ${file.name} (${formatBytes(file.size)})…`;

  const request = new XMLHttpRequest();
  request.open("POST", "/api/jobs");
  request.setRequestHeader("Accept", "application/json");
  request.upload.onprogress = (progressEvent) => {
    if (progressEvent.lengthComputable) {
      progress.value = progressEvent.loaded / progressEvent.total;
      status.textContent = `Uploading… ${Math.round(progress.value * 100)} %`;
    }
  };
  request.upload.onload = () => { status.textContent = "Checking the file…"; };
  request.onerror = () => finish("The upload failed: the connection to the server was lost.");
  request.onload = () => {
    let body = null;
    try { body = JSON.parse(request.responseText); } catch { body = null; }
    if (request.status >= 200 && request.status < 300 && body) {
      finish("");
      status.textContent = `Queued ${body.input.name}.`;
      upsertJob(body);
      selectJob(body.id);
      follow(body.id);
      form.reset();
      pipelineChanged();
    } else {
      finish(errorText(body, { status: request.status, statusText: request.statusText }));
    }
  };
  request.send(data);

  function finish(message) {
    button.disabled = false;
    progress.hidden = true;
    if (message) { status.textContent = ""; showError(errorBox, message); }
  }
}

// ---- Jobs ------------------------------------------------------------------------------------

async function loadJobs() {
  const listing = await api("/api/jobs?limit=50");
  for (const job of listing.jobs.slice().reverse()) {
    upsertJob(job);
    if (job.state === "queued" || job.state === "running") follow(job.id);
  }
}

function upsertJob(job) {
  state.jobs.set(job.id, job);
  const list = $("#jobs");
  let item = list.querySelector(`[data-job-id="${job.id}"]`);
  if (!item) {
    item = $("#job-template").content.firstElementChild.cloneNode(true);
    item.dataset.jobId = job.id;
    $(".job-open", item).addEventListener("click", () => selectJob(job.id));
    $(".job-cancel", item).addEventListener("click", () => cancelJob(job.id));
    list.prepend(item);
  }
  $("#jobs-empty").hidden = true;
  item.dataset.state = job.state;
  const languages = job.target_languages.length ? ` → ${job.target_languages.join(", ")}` : "";
  $(".job-open", item).textContent = `${job.input.name}${languages}`;
  $(".job-open", item).title = `${job.pipeline} · job ${job.id}`;
  const badge = $(".badge", item);
  badge.dataset.state = job.state;
  badge.textContent = job.state;
  $(".job-cancel", item).hidden = !(job.state === "queued" || job.state === "running") || job.cancel_requested;
  const bar = $(".job-progress", item);
  bar.value = job.progress;
  bar.setAttribute("aria-label", `${job.input.name}: ${Math.round(job.progress * 100)} % done`);
  $(".stages", item).replaceChildren(...job.stages.map(stageRow));
  showError($(".job-error", item), job.error ? `${job.error.stage ? `Stage ${job.error.stage}: ` : ""}${job.error.message}` : "");
  const warnings = $(".job-warnings", item);
  warnings.textContent = job.warnings.join("\n");
  warnings.hidden = job.warnings.length === 0;
  if (state.selected === job.id) showResult(job);
}

function stageRow(stage) {
  const row = document.createElement("li");
  const name = document.createElement("span");
  name.textContent = stage.name;
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.value = stage.state === "succeeded" ? 1 : (stage.fraction || 0);
  bar.setAttribute("aria-label", `stage ${stage.name}`);
  const label = document.createElement("span");
  label.className = "stage-state";
  label.dataset.state = stage.state;
  label.textContent = stage.state === "running" && stage.fraction != null ? `${Math.round(stage.fraction * 100)} %` : stage.state;
  if (stage.termination) label.title = stage.termination;
  else if (stage.note) label.title = stage.note;
  row.append(name, bar, label);
  return row;
}

function applyStage(jobID, stage) {
  const job = state.jobs.get(jobID);
  if (!job) return;
  const index = job.stages.findIndex((entry) => entry.name === stage.name);
  if (index >= 0) job.stages[index] = stage; else job.stages.push(stage);
  const done = job.stages.reduce((sum, entry) => sum + (entry.state === "succeeded" ? 1 : Math.min(Math.max(entry.fraction || 0, 0), 1)), 0);
  job.progress = job.stages.length ? done / job.stages.length : 0;
  if (job.state === "queued") job.state = "running";
  upsertJob(job);
}

function follow(jobID) {
  if (state.sockets.has(jobID)) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/api/jobs/${jobID}/events`);
  state.sockets.set(jobID, socket);
  socket.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "job") upsertJob(event.job);
    else if (event.type === "stage") applyStage(event.job_id, event.stage);
  };
  socket.onclose = () => {
    state.sockets.delete(jobID);
    const job = state.jobs.get(jobID);
    // The server closes the socket when the job ends; reconnect if it closed early.
    if (job && (job.state === "queued" || job.state === "running")) setTimeout(() => refresh(jobID), 2000);
  };
}

async function refresh(jobID) {
  try {
    const job = await api(`/api/jobs/${jobID}`);
    upsertJob(job);
    if (job.state === "queued" || job.state === "running") follow(jobID);
  } catch { setTimeout(() => refresh(jobID), 5000); }
}

async function cancelJob(jobID) {
  try {
    upsertJob(await api(`/api/jobs/${jobID}`, { method: "DELETE" }));
  } catch (error) {
    const item = $(`[data-job-id="${jobID}"]`);
    if (item) showError($(".job-error", item), error.message);
  }
}

// ---- Result view -----------------------------------------------------------------------------

function selectJob(jobID) {
  state.selected = jobID;
  for (const item of document.querySelectorAll(".job")) item.classList.toggle("selected", item.dataset.jobId === jobID);
  showResult(state.jobs.get(jobID));
}

function showResult(job) {
  const section = $("#result");
  if (!job || job.state !== "succeeded") {
    section.hidden = true;
    return;
  }
  const video = job.artifacts.find((artifact) => artifact.role === "video" && artifact.format === "mp4")
    || job.artifacts.find((artifact) => artifact.role === "video");
  const player = $("#player");
  if (section.hidden || player.dataset.jobId !== job.id) {
    player.dataset.jobId = job.id;
    player.replaceChildren();
    player.removeAttribute("src");
    if (video) player.src = video.url;
    const tracks = job.artifacts.filter((artifact) => artifact.role === "subtitles" && artifact.format === "vtt");
    tracks.forEach((artifact, index) => {
      const track = document.createElement("track");
      track.kind = "subtitles";
      track.src = artifact.url;
      track.srclang = artifact.language || "und";
      track.label = artifact.language ? languageName(artifact.language) : artifact.name;
      if (index === 0) track.default = true;
      player.append(track);
    });
    $("#downloads").replaceChildren(...job.artifacts.map((artifact) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.className = "download";
      link.href = `${artifact.url}?download=1`;
      link.textContent = artifact.name;
      link.setAttribute("download", artifact.name);
      item.append(link, ` (${formatBytes(artifact.bytes)})`);
      return item;
    }));
  }
  $("#result-name").textContent = `${job.input.name} · ${job.pipeline}`;
  section.hidden = false;
}

// ---- Start -----------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("#job-form").addEventListener("submit", submitJob);
  $("#pipeline").addEventListener("change", pipelineChanged);
  $("#source-language").addEventListener("change", sourceChanged);
  loadChoices().catch((error) => showError($("#form-error"), `Cannot reach the server: ${error.message}`));
  loadJobs().catch((error) => showError($("#form-error"), `Cannot list jobs: ${error.message}`));
});
