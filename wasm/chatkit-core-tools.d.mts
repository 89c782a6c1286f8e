/**
 * The raw embind interface of the tools module chatkit-core-tools.{mjs,wasm}: the browser module's
 * (chatkit-core.d.mts) plus what wasm/bindings_tools.cpp binds (keep the two in step). For
 * chatkit.mjs only, which loads it for `loadChatKitCore({ tools: true })`.
 */
import type { CreateOptions, ChatKitCoreModule, EnvelopeText, StringArg } from './chatkit-core.d.mts';
import type { Json, Kind, Widget, WidgetIssue, WidgetUpdate } from './chatkit.d.ts';

/** The functions only the tools module has. */
export interface ToolFunctions {
  _parseRequest(body: StringArg): EnvelopeText<Json>;
  _normalize(kind: Kind, value: StringArg): EnvelopeText<Json>;
  _diffWidgets(before: StringArg, after: StringArg, mode: 'fine' | 'reference'): EnvelopeText<WidgetUpdate[]>;
  _applyWidgetUpdate(widget: StringArg, update: StringArg): EnvelopeText<Widget>;
  _validateWidget(widget: StringArg): EnvelopeText<WidgetIssue[]>;
}

export interface ChatKitCoreToolsModule extends ChatKitCoreModule, ToolFunctions {}

/** `-sEXPORT_NAME=createChatKitCoreTools` (wasm/CMakeLists.txt). */
export default function createChatKitCoreTools(options?: CreateOptions): Promise<ChatKitCoreToolsModule>;
