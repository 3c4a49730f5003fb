import {
  compileTemplate,
  render,
  type TemplateContext,
} from "../../../../harness/components/gateway/mapping-template/index.ts";

/** Renders a template for a request that defaults to an empty body and no parameters. */
export function run(template: string, request: Partial<TemplateContext> = {}): string {
  return render(compileTemplate(template), { body: "", ...request });
}
