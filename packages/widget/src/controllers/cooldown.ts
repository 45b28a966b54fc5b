import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Counts down whole seconds and re-renders its host each second until it reaches zero. */
export class Cooldown implements ReactiveController {
  remaining = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  start(seconds: number) {
    this.stop();
    this.remaining = seconds;
    this.timer = setInterval(() => {
      this.remaining -= 1;
      if (this.remaining <= 0) this.stop();
      this.host.requestUpdate();
    }, 1000);
    this.host.requestUpdate();
  }

  private stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  hostDisconnected() {
    this.stop();
  }
}
