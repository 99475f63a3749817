import type { webApi } from '@slack/bolt';
import type { ModalView } from '@slack/types';

/**
 * The one modal a click may open. Slack's trigger_id opens one modal, within 3 seconds of the click:
 * the first view shown opens it, every later one replaces it (`views.update` by the opened view's id).
 * So a quick notice can be shown while the slow answer is still on its way, and the answer follows it
 * into the same modal instead of failing on a spent trigger.
 */
export class ModalSlot {
  private opened: Promise<string> | null = null;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly triggerId: string,
  ) {}

  /** Shows a notice, unless the answer itself is shown already: a notice never replaces the answer. */
  async notice(view: ModalView): Promise<void> {
    if (!this.opened) await this.show(view);
  }

  async show(view: ModalView): Promise<void> {
    if (!this.opened) {
      this.opened = this.client.views.open({ trigger_id: this.triggerId, view }).then((result) => {
        if (!result.view?.id) throw new Error('views.open returned no view id');
        return result.view.id;
      });
      await this.opened;
      return;
    }
    const viewId = await this.opened;
    await this.client.views.update({ view_id: viewId, view });
  }
}
