import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { render } from 'lit/html.js';

/** How a property is declared in `static properties`: what LitElement's declarations mean here. */
export interface PropertyDeclaration {
  /** How the attribute's text becomes the value: `Number`, or `String` (the default). */
  type?: typeof String | typeof Number;
  /** The attribute's name (the property's name in lower case by default); false: none. */
  attribute?: string | boolean;
  /** Internal state: no attribute. */
  state?: boolean;
}

/** A `css` tag for the styles of a {@link SignetElement}: the text, minified by the build. */
export const css = (text: TemplateStringsArray) => text[0] as string;

const sheets = new Map<string, CSSStyleSheet>();
// Node has no DOM (a server importing the package): a stand-in, as Lit's own base has.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * The part of LitElement that <signet-form> uses, in a fraction of its size, so that signet.js
 * carries lit-html's templates but not Lit's reactive base (issue 23; the other elements, which
 * load later, stay LitElements). The same contract: `static properties` (attributes by type,
 * instance values set before the upgrade kept), `requestUpdate()` batched in a microtask and
 * only once connected, `updateComplete`, reactive controllers (`hostConnected`, `hostUpdate`,
 * `hostUpdated`, `hostDisconnected`), `render()` into an open shadow root with `static styles`
 * adopted, then `updated()`.
 */
export abstract class SignetElement extends Base implements ReactiveControllerHost {
  static properties: Record<string, PropertyDeclaration> = {};
  static styles = '';
  static #attributes = new WeakMap<object, Map<string, [string, PropertyDeclaration]>>();

  static get observedAttributes() {
    // biome-ignore lint/complexity/noThisInStatic: the class being defined, a subclass
    return SignetElement.#declare(this);
  }

  /** The accessors of `static properties` on the prototype; the attributes they observe. */
  static #declare(element: typeof SignetElement) {
    const attributes = new Map<string, [string, PropertyDeclaration]>();
    for (const [name, declaration] of Object.entries(element.properties)) {
      const value = Symbol(name);
      Object.defineProperty(element.prototype, name, {
        get(this: Record<symbol, unknown>) {
          return this[value];
        },
        set(this: SignetElement & Record<symbol, unknown>, next: unknown) {
          const old = this[value];
          this[value] = next;
          this.requestUpdate(name, old);
        },
        configurable: true,
      });
      const { attribute = !declaration.state } = declaration;
      if (attribute)
        attributes.set(attribute === true ? name.toLowerCase() : attribute, [name, declaration]);
    }
    SignetElement.#attributes.set(element, attributes);
    return [...attributes.keys()];
  }

  declare renderRoot: ShadowRoot;
  hasUpdated = false;
  #controllers = new Set<ReactiveController>();
  #pending = false;
  #connect!: () => void;
  readonly #connected = new Promise<void>((resolve) => {
    this.#connect = resolve;
  });
  #update: Promise<boolean> = Promise.resolve(true);
  /** Values a page gave the element before its class was defined (they win over defaults). */
  readonly #early = new Map<string, unknown>();

  constructor() {
    super();
    for (const name of Object.keys((this.constructor as typeof SignetElement).properties)) {
      if (Object.hasOwn(this, name)) {
        this.#early.set(name, this[name as keyof this]);
        delete this[name as keyof this];
      }
    }
    this.requestUpdate();
  }

  /** The promise of the update under way: true when no other update is pending after it. */
  get updateComplete(): Promise<boolean> {
    return this.#update;
  }

  addController(controller: ReactiveController) {
    this.#controllers.add(controller);
    if (this.renderRoot && this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController) {
    this.#controllers.delete(controller);
  }

  connectedCallback() {
    if (!this.renderRoot) {
      this.renderRoot = this.attachShadow({ mode: 'open' });
      const styles = (this.constructor as typeof SignetElement).styles;
      let sheet = sheets.get(styles);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(styles);
        sheets.set(styles, sheet);
      }
      this.renderRoot.adoptedStyleSheets = [sheet];
    }
    this.#connect();
    for (const controller of this.#controllers) controller.hostConnected?.();
  }

  disconnectedCallback() {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }

  attributeChangedCallback(attribute: string, _old: string | null, text: string | null) {
    const [name, declaration] =
      SignetElement.#attributes.get(this.constructor)?.get(attribute) ?? [];
    if (!name) return;
    const value = declaration?.type === Number && text !== null ? Number(text) : text;
    (this as Record<string, unknown>)[name] = value;
  }

  /** Schedules an update; with a property's name, only when its value changed. */
  requestUpdate(name?: string, old?: unknown) {
    if (name !== undefined) {
      const value = (this as Record<string, unknown>)[name];
      if (Object.is(value, old)) return;
    }
    if (this.#pending) return;
    this.#pending = true;
    this.#update = this.#performUpdate();
  }

  async #performUpdate() {
    await this.#connected;
    try {
      for (const [name, value] of this.#early) (this as Record<string, unknown>)[name] = value;
      this.#early.clear();
      for (const controller of this.#controllers) controller.hostUpdate?.();
      render(this.render(), this.renderRoot, { host: this });
    } finally {
      this.#pending = false;
    }
    for (const controller of this.#controllers) controller.hostUpdated?.();
    this.hasUpdated = true;
    this.updated();
    return !this.#pending;
  }

  protected abstract render(): unknown;

  /** After each update, for what must follow the rendered state. */
  protected updated(): void {}
}
