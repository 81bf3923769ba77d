/**
 * Each example module run on known input with the exact output expected, as JSON
 * lines (src/local/record-lines.ts). The Node tests and the Chromium test run the
 * same cases, so both runtimes are held to the same records.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exampleDir, type ExampleName } from "./test-modules.js";

export interface ExpectedBatch {
  readonly lines: readonly string[];
  readonly errors: readonly { readonly offset: number; readonly message: string }[];
}

export interface ExampleCase {
  readonly title: string;
  readonly example: ExampleName;
  readonly params: readonly (readonly [string, string])[];
  /** Input batches, each as JSON-lines text; an aggregate's accumulator carries from one to the next. */
  readonly batches: readonly string[];
  readonly expected: readonly ExpectedBatch[];
  /** Each step's accumulator after the last batch, as text (empty for kinds without one). */
  readonly accumulators: readonly string[];
}

function sampleRecords(example: ExampleName): string {
  return readFileSync(join(exampleDir(example), "records.jsonl"), "utf8");
}

const NOT_JSON = "SyntaxError: JSON.parse: unexpected keyword at line 1 column 1 of the JSON data";

export const EXAMPLE_CASES: readonly ExampleCase[] = [
  {
    title: "json-filter keeps matching records and reports values that are not JSON",
    example: "json-filter",
    params: [
      ["field", "user.country"],
      ["value", "PT"],
    ],
    batches: [sampleRecords("json-filter")],
    expected: [
      {
        lines: ['{"offset":0,"value":{"user":{"name":"ana","country":"PT"},"amount":12}}', '{"offset":2,"key":"order-3","value":{"user":{"name":"cy","country":"PT"},"amount":30}}'],
        errors: [{ offset: 4, message: NOT_JSON }],
      },
    ],
    accumulators: [""],
  },
  {
    title: "pii-mask masks listed fields, nested ones too, and keeps key, timestamp and headers",
    example: "pii-mask",
    params: [["fields", "email,phone,card.number"]],
    batches: [
      sampleRecords("pii-mask"),
      '{"offset":9,"key":"k","value":{"email":"x@y.z","name":"n"},"timestamp":1700000000000,"headers":[{"key":"source","value":"web"},{"key":"empty","value":null}]}\n',
    ],
    expected: [
      {
        lines: [
          '{"offset":0,"value":{"id":1,"email":"***","phone":"***","plan":"pro"}}',
          '{"offset":1,"value":{"id":2,"email":"***","plan":"free"}}',
          '{"offset":2,"key":"user-3","value":{"id":3,"plan":"pro","card":{"number":"***","exp":"12/29"}}}',
        ],
        errors: [{ offset: 3, message: NOT_JSON }],
      },
      {
        lines: ['{"offset":9,"key":"k","value":{"email":"***","name":"n"},"timestamp":1700000000000,"headers":[{"key":"source","value":"web"},{"key":"empty","value":null}]}'],
        errors: [],
      },
    ],
    accumulators: [""],
  },
  {
    title: "pii-mask takes its mask as a parameter and refuses values that are not objects",
    example: "pii-mask",
    params: [
      ["fields", "ssn"],
      ["mask", "[redacted]"],
    ],
    batches: ['{"ssn":"123","n":1}\n[1,2]\n{"n":2}\n'],
    expected: [{ lines: ['{"offset":0,"value":{"ssn":"[redacted]","n":1}}', '{"offset":2,"value":{"n":2}}'], errors: [{ offset: 1, message: "Error: value is not a JSON object" }] }],
    accumulators: [""],
  },
  {
    title: "regex-filter keeps case-insensitive matches",
    example: "regex-filter",
    params: [
      ["pattern", "^get "],
      ["flags", "gi"],
    ],
    batches: [sampleRecords("regex-filter")],
    expected: [{ lines: ['{"offset":0,"value":"GET /index.html 200"}', '{"offset":2,"value":"GET /admin 403"}', '{"offset":3,"value":"get /health 200"}'], errors: [] }],
    accumulators: [""],
  },
  {
    title: "regex-filter with invert keeps what does not match",
    example: "regex-filter",
    params: [
      ["pattern", "^GET "],
      ["invert", "true"],
    ],
    batches: [sampleRecords("regex-filter")],
    expected: [{ lines: ['{"offset":1,"value":"POST /login 401"}', '{"offset":3,"value":"get /health 200"}', '{"offset":4,"key":"edge-1","value":"POST /orders 201"}'], errors: [] }],
    accumulators: [""],
  },
  {
    title: "regex-filter reports an invalid pattern on every record",
    example: "regex-filter",
    params: [["pattern", "(unclosed"]],
    batches: ['"a"\n"b"\n'],
    expected: [
      {
        lines: [],
        errors: [
          { offset: 0, message: "SyntaxError: unterminated parenthetical" },
          { offset: 1, message: "SyntaxError: unterminated parenthetical" },
        ],
      },
    ],
    accumulators: [""],
  },
  {
    title: "array-explode turns each array element into a record with the input's key and offset",
    example: "array-explode",
    params: [],
    batches: [sampleRecords("array-explode")],
    expected: [
      {
        lines: [
          '{"offset":0,"value":1}',
          '{"offset":0,"value":2}',
          '{"offset":0,"value":3}',
          '{"offset":1,"key":"cart-7","value":{"sku":"A1","qty":2}}',
          '{"offset":1,"key":"cart-7","value":{"sku":"B2","qty":1}}',
          '{"offset":3,"value":"\\"solo\\""}',
        ],
        errors: [{ offset: 4, message: "Error: value is not a JSON array" }],
      },
    ],
    accumulators: [""],
  },
  {
    title: "array-explode reads the array from a field",
    example: "array-explode",
    params: [["field", "order.items"]],
    batches: ['{"order":{"items":[{"a":1},null]}}\n{"order":{"items":[]}}\n{"order":{}}\n'],
    expected: [{ lines: ['{"offset":0,"value":{"a":1}}', '{"offset":0,"value":null}'], errors: [{ offset: 2, message: "Error: field 'order.items' is not a JSON array" }] }],
    accumulators: [""],
  },
  {
    title: "running-sum carries its accumulator across batches and skips bad records",
    example: "running-sum",
    params: [["field", "reading.celsius"]],
    batches: [
      sampleRecords("running-sum"),
      '{"offset":4,"value":{"reading":{"celsius":10}}}\n{"offset":5,"value":{"reading":{"celsius":"hot"}}}\n',
      '{"offset":6,"value":{"reading":{"celsius":0.25}}}\n',
    ],
    expected: [
      {
        lines: ['{"offset":0,"value":{"count":1,"sum":20.5}}', '{"offset":1,"value":{"count":2,"sum":41.5}}', '{"offset":3,"value":{"count":3,"sum":40}}'],
        errors: [{ offset: 2, message: "Error: field 'reading.celsius' is not a number" }],
      },
      { lines: ['{"offset":4,"value":{"count":4,"sum":50}}'], errors: [{ offset: 5, message: "Error: field 'reading.celsius' is not a number" }] },
      { lines: ['{"offset":6,"value":{"count":5,"sum":50.25}}'], errors: [] },
    ],
    accumulators: ['{"count":5,"sum":50.25}'],
  },
  {
    title: "field-extract emits a field's JSON and drops records without it",
    example: "field-extract",
    params: [["field", "order.total"]],
    batches: [sampleRecords("field-extract"), '"plain text"\n'],
    expected: [
      { lines: ['{"offset":0,"value":{"amount":1250,"currency":"EUR"}}', '{"offset":2,"key":"o-3","value":{"amount":99,"currency":"USD"}}', '{"offset":3,"value":null}'], errors: [] },
      { lines: [], errors: [{ offset: 0, message: "SyntaxError: JSON.parse: unexpected character at line 1 column 1 of the JSON data" }] },
    ],
    accumulators: [""],
  },
];
