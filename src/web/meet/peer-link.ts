import type { IceConfig, Signal } from '../../shared/meet.ts';

/** How long ICE may stay `disconnected` before it is restarted rather than waited for. */
const ICE_RESTART_AFTER_MS = 2_500;
/** While the path stays broken, ICE is restarted again this often (the network may be back). */
const ICE_RESTART_RETRY_MS = 5_000;
/** A connection whose ICE has not even started checking by then is given a fresh start. */
const ICE_START_WATCHDOG_MS = 8_000;

export interface PeerLinkOptions {
  polite: boolean;
  ice: IceConfig;
  localStream: MediaStream | null;
  sendSignal(signal: Signal): void;
  onChange(): void;
}

/**
 * One RTCPeerConnection to the other participant's page, negotiated with the perfect-negotiation
 * pattern: either side may offer at any time (join, screen share, ICE restart); on a collision the
 * polite peer (the prestataire) rolls back and answers, the impolite one ignores the other offer.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  /** The other person's camera/microphone stream, then any screen they share. */
  readonly remoteStreams: MediaStream[] = [];
  restartingIce = false;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private received = Promise.resolve();
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private screenSenders: RTCRtpSender[] = [];
  /**
   * The polite peer lets the other make the first offer rather than colliding with it: Chromium
   * sometimes leaves ICE unstarted after rolling back a first offer. Later collisions (a screen
   * shared on both sides at once) are still resolved by the pattern.
   */
  private awaitingFirstOffer: boolean;
  private readonly startWatchdog: ReturnType<typeof setTimeout>;

  constructor(private readonly options: PeerLinkOptions) {
    const { ice, localStream } = options;
    this.awaitingFirstOffer = options.polite;
    this.pc = new RTCPeerConnection({ iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy });
    // Tracks we have are sent; a kind we lack (no camera, no microphone) is still received.
    for (const kind of ['audio', 'video'] as const) {
      const track = localStream?.getTracks().find((t) => t.kind === kind);
      if (track && localStream) this.pc.addTrack(track, localStream);
      else this.pc.addTransceiver(kind, { direction: 'recvonly' });
    }
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.sendSignal({ candidate: candidate.toJSON() as Extract<Signal, { candidate: unknown }>['candidate'] });
    };
    this.pc.ontrack = ({ track, streams }) => {
      const stream = streams[0] ?? new MediaStream([track]);
      if (!this.remoteStreams.includes(stream)) this.remoteStreams.push(stream);
      stream.onremovetrack = () => {
        if (stream.getTracks().length === 0) this.remoteStreams.splice(this.remoteStreams.indexOf(stream), 1);
        options.onChange();
      };
      options.onChange();
    };
    this.pc.onconnectionstatechange = () => options.onChange();
    this.pc.oniceconnectionstatechange = () => this.watchIce();
    this.startWatchdog = setTimeout(() => {
      if (this.pc.iceConnectionState === 'new' && !options.polite) this.restartIce();
    }, ICE_START_WATCHDOG_MS);
  }

  /** Handles the other side's signals one at a time, in their order. */
  receive(signal: Signal): void {
    this.received = this.received.then(() => this.apply(signal)).catch((error: unknown) => console.warn('call signal not applied', error));
  }

  /** Sends a shared screen as an extra stream (a renegotiation), or stops sending it. */
  setScreen(screen: MediaStream | null): void {
    for (const sender of this.screenSenders) this.pc.removeTrack(sender);
    this.screenSenders = screen ? screen.getTracks().map((track) => this.pc.addTrack(track, screen)) : [];
  }

  close(): void {
    clearTimeout(this.restartTimer);
    clearTimeout(this.startWatchdog);
    this.pc.close();
  }

  private async offer(): Promise<void> {
    if (this.awaitingFirstOffer) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (error) {
      console.warn('call offer failed', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(signal: Signal): Promise<void> {
    if ('candidate' in signal) {
      if (!signal.candidate) return;
      try {
        await this.pc.addIceCandidate(signal.candidate);
      } catch (error) {
        // Candidates of an offer we chose to ignore are expected to fail.
        if (!this.ignoreOffer) throw error;
      }
      return;
    }
    const { description } = signal;
    const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswer);
    const collision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    this.settingRemoteAnswer = description.type === 'answer';
    await this.pc.setRemoteDescription(description as RTCSessionDescriptionInit);
    this.settingRemoteAnswer = false;
    if (description.type === 'offer') {
      this.awaitingFirstOffer = false;
      await this.pc.setLocalDescription();
      this.sendDescription();
    }
  }

  private sendDescription(): void {
    const local = this.pc.localDescription;
    if (local) this.options.sendSignal({ description: { type: local.type, sdp: local.sdp } });
  }

  /** A path that broke (network change, relay lost) is searched again with an ICE restart. */
  private watchIce(): void {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.restartTimer);
    if (state === 'failed') this.restartIce();
    else if (state === 'disconnected') this.restartTimer = setTimeout(() => this.restartIce(), ICE_RESTART_AFTER_MS);
    else if (state === 'connected' || state === 'completed') this.restartingIce = false;
    this.options.onChange();
  }

  private restartIce(): void {
    if (this.pc.signalingState === 'closed') return;
    this.restartingIce = true;
    this.pc.restartIce();
    this.options.onChange();
    this.restartTimer = setTimeout(() => {
      if (!['connected', 'completed'].includes(this.pc.iceConnectionState)) this.restartIce();
    }, ICE_RESTART_RETRY_MS);
  }
}
