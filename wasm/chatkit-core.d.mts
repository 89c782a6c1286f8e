/**
 * The raw embind interface of the browser module chatkit-core.{mjs,wasm}: exactly what the
 * EMSCRIPTEN_BINDINGS block of wasm/bindings.cpp binds (keep the two in step), for its one caller,
 * chatkit.mjs. Applications use chatkit.mjs (chatkit.d.ts), never this.
 *
 * Every argument is text (a `const std::string&`: a JS string, sent as UTF-8, or bytes as they are)
 * and every result is the JSON text of an envelope (wasm/envelope.hpp), `{"value": …}` or
 * `{"error": {"code", "message", "path"}}`. {@link EnvelopeText} carries the value's type, so that
 * chatkit.mjs's `unwrap` returns what each function gives.
 */
import type { ErrorCode, OfferedAction, PatchOp, StreamEvent, ThreadItem, ThreadState, VNode } from './chatkit.d.ts';

/** What embind accepts for a `std::string` parameter. */
export type StringArg = string | ArrayBuffer | Uint8Array | Uint8ClampedArray | Int8Array;

declare const envelopeOf: unique symbol;
/** The JSON text of an envelope whose value is a `T` (a string: `T` exists for the type checker only). */
export type EnvelopeText<T> = string & { readonly [envelopeOf]?: T };
/** A parsed envelope. */
export type Envelope<T> = { value: T; error?: undefined } | { error: EnvelopeError };
/** `error_envelope` in wasm/envelope.cpp: every field is always there (`path` may be `''`). */
export type EnvelopeError = { code: ErrorCode; message: string; path: string };

/** `class_<ThreadView>("_ThreadView")`: a C++ object; `delete()` frees it. */
export interface RawThreadView {
  /** value: how many events were applied. */
  _feed(bytes: StringArg): EnvelopeText<number>;
  _applyEvent(event: StringArg): EnvelopeText<null>;
  /** thread: a Thread's JSON or 'null'; items: a JSON array of items. */
  _load(thread: StringArg, items: StringArg): EnvelopeText<null>;
  _finish(): EnvelopeText<null>;
  /** Plain text, not an envelope. */
  _lastEventId(): string;
  _restartStream(): void;
  _state(): EnvelopeText<ThreadState>;
  /** value null for an unknown id. */
  _item(id: StringArg): EnvelopeText<ThreadItem | null>;
  _takePatches(): EnvelopeText<PatchOp[]>;
  _render(): EnvelopeText<VNode[]>;
  /** embind's ClassHandle: frees the C++ object; any later call throws a BindingError. */
  delete(): void;
}

/** The module object the factory resolves to. */
export interface ChatKitCoreModule {
  _validateAction(widget: StringArg, action: StringArg): EnvelopeText<OfferedAction>;
  /** `options`: the JSON text of a RenderOptions. */
  _renderWidget(widget: StringArg, itemId: StringArg, options: StringArg): EnvelopeText<VNode>;
  /** value null for a hidden item. */
  _renderItem(item: StringArg, options: StringArg): EnvelopeText<VNode | null>;
  _renderMarkdown(markdown: StringArg, options: StringArg): EnvelopeText<VNode[]>;
  _ThreadView: new () => RawThreadView;
}

/** The factory's options: the module is linked with `-sINCOMING_MODULE_JS_API=[wasmBinary,locateFile,instantiateWasm]`. */
export interface CreateOptions {
  /** The .wasm's bytes (node 20's fetch cannot read files). */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /** Where a file the loader needs (the .wasm) lives; the default is beside the .mjs. */
  locateFile?: (path: string, scriptDirectory: string) => string;
  /** Instantiates the module yourself: call `receiveInstance`, return the exports (or `{}` when asynchronous). */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receiveInstance: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
  ) => WebAssembly.Exports | {};
}

/** `-sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createChatKitCore` (wasm/CMakeLists.txt). */
export default function createChatKitCore(options?: CreateOptions): Promise<ChatKitCoreModule>;
