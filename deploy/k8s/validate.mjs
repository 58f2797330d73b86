// Validates Kubernetes manifests offline, strictly: node validate.mjs FILE... (check.sh runs it from its tools folder,
// where the packages below are installed). Each object of each file is checked twice:
//  - against the Kubernetes API's schema as kubernetes-models bundles it (compiled JSON Schema: types, formats,
//    required fields), which lets unknown fields through;
//  - field by field against the API's types as @kubernetes/client-node's models list them, so that a field the API
//    does not have (`replica:`, a misplaced key) is an error, as kubectl's strict validation makes it.
// YAML is read as kubectl reads it (YAML 1.1: 0440 is octal; a key given twice is an error).
// Prints one line per object, and each error; exits 1 when any object is invalid, 2 on a usage error.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

const models = join(dirname(fileURLToPath(import.meta.url)), "node_modules/@kubernetes/client-node/dist/gen/models");
const typeMaps = new Map();

async function fieldsOf(type) {
  if (!typeMaps.has(type)) {
    const file = join(models, `${type}.js`);
    typeMaps.set(type, existsSync(file) ? (await import(pathToFileURL(file)))[type].attributeTypeMap : null);
  }
  return typeMaps.get(type);
}

const isObject = value => value !== null && typeof value === "object" && !Array.isArray(value);
const scalars = new Set(["string", "number", "boolean", "Date", "IntOrString"]);

/** Appends to errors every field of value that the API type does not have, and every object or list out of place. */
async function checkFields(value, type, path, errors) {
  if (value === null || type === "any" || type === "object") return;
  if (scalars.has(type)) {
    if (typeof value === "object") errors.push(`${path}: must be a ${type === "IntOrString" ? "number or string" : type}, not ${Array.isArray(value) ? "a list" : "an object"}`);
    return;
  }
  const list = /^Array<(.+)>$/.exec(type);
  if (list) {
    if (!Array.isArray(value)) return errors.push(`${path}: must be a list`);
    for (const [i, item] of value.entries()) await checkFields(item, list[1], `${path}[${i}]`, errors);
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (!isObject(value)) return errors.push(`${path}: must be a map`);
    for (const [key, item] of Object.entries(value)) await checkFields(item, map[1], `${path}.${key}`, errors);
    return;
  }
  const fields = await fieldsOf(type);
  if (!fields) return errors.push(`${path}: no schema for the type ${type}`);
  if (!isObject(value)) return errors.push(`${path}: must be an object (${type})`);
  for (const [key, item] of Object.entries(value)) {
    const field = fields.find(f => f.baseName === key);
    if (!field) errors.push(`${path}.${key}: unknown field (${type} has no field "${key}")`);
    else await checkFields(item, field.type, `${path}.${key}`, errors);
  }
}

async function checkSchema(object, errors) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  let module;
  try {
    module = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  } catch {
    return errors.push(`no schema for apiVersion ${object.apiVersion}`);
  }
  const Model = module[object.kind];
  if (!Model) return errors.push(`no schema for ${object.kind} in ${object.apiVersion}`);
  try {
    new Model(object).validate();
  } catch (e) {
    errors.push(...e.message.split(", data").map((m, i) => (i ? "data" + m : m).replace(/^data/, "")));
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE...");
  process.exit(2);
}
let invalid = 0;
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"), { version: "1.1", uniqueKeys: true });
  for (const [index, document] of documents.entries()) {
    const where = `${file}, document ${index + 1}`;
    if (document.errors.length) {
      invalid++;
      console.log(`FAIL  ${where}: ${document.errors.map(e => e.message).join("; ")}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) continue; // an empty document, as after a trailing ---
    const errors = [];
    if (!isObject(object) || typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
      errors.push("not a Kubernetes object: apiVersion and kind are missing");
    } else {
      await checkSchema(object, errors);
      const version = object.apiVersion.split("/").pop();
      await checkFields(object, version[0].toUpperCase() + version.slice(1) + object.kind, "", errors);
    }
    const name = isObject(object) ? `${object.kind ?? "?"} ${object.metadata?.name ?? "?"}` : "?";
    if (errors.length === 0) {
      console.log(`ok    ${where}: ${name}`);
    } else {
      invalid++;
      console.log(`FAIL  ${where}: ${name}`);
      for (const error of errors) console.log(`        ${error}`);
    }
  }
}
process.exit(invalid ? 1 : 0);
